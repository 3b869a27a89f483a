using Harness.Implementation;
using Harness.Properties.Backends.Kernel;

namespace Harness.Properties.Tests.Kernel;

/// <summary>Finding the tree and reading make's failures: what the binding reports before any kernel code runs.</summary>
public class KernelBuildTests
{
    public class Tree
    {
        // An explicit folder that does not exist is a one-line reason, never an exception.
        [Fact]
        public void MissingFolder_SaysWhereItLooked()
        {
            var tree = KernelTree.Locate("/nonexistent/linux-v5.13");
            Assert.False(tree.IsAvailable);
            Assert.Equal("no kernel tree at /nonexistent/linux-v5.13 (set HARNESS_KERNEL_TREE to a Linux v5.13 checkout)", tree.MissingReason);
            Assert.Equal(KernelBuildStatus.TreeMissing, KernelBuild.Build(tree, Granule.Size4K, stock: false).Status);
        }

        // A folder without the eight files names the first one missing.
        [Fact]
        public void FolderWithoutTheFiles_NamesTheFirstMissingFile()
        {
            var dir = Directory.CreateTempSubdirectory("harness-tree-");
            try
            {
                Assert.Equal($"the kernel tree at {dir.FullName} lacks arch/arm64/include/asm/kvm_pgtable.h", KernelTree.Locate(dir.FullName).MissingReason);
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }

        // The build key follows the files' contents: 16 hex digits, the same for the same tree.
        [Fact]
        public void ContentKey_IsSixteenHexDigitsOfTheFiles()
        {
            var tree = KernelTree.Locate();
            if (!tree.IsAvailable)
            {
                Assert.Skip($"kernel backend unavailable: {tree.MissingReason}");
            }
            var key = tree.ContentKey();
            Assert.Matches("^[0-9a-f]{16}$", key);
            Assert.Equal(key, KernelTree.Locate(tree.Path).ContentKey());
        }
    }

    public class Reason
    {
        // The Makefile's own line wins, without make's framing.
        [Fact]
        public void HarnessLine_IsTakenWithoutMakesFraming()
        {
            const string output = "Makefile:46: *** harness: kernel tree /t fails its SOURCES.sha256 check (cd /t && sha256sum -c SOURCES.sha256 says which file).  Stop.\n";
            Assert.Equal("harness: kernel tree /t fails its SOURCES.sha256 check (cd /t && sha256sum -c SOURCES.sha256 says which file)", KernelBuild.FirstReason(output));
        }

        // Otherwise the compiler's first error, not a note and not make's summary.
        [Fact]
        public void CompilerError_IsTheFirstErrorLine()
        {
            const string output = "harness: note: mem_protect.c already looks up end - 1\n  CC      4k pgtable.c\npgtable.c:12:1: error: unknown type name 'u99'\npgtable.c:20:1: error: later\nmake: *** [Makefile:97: x.o] Error 1\n";
            Assert.Equal("pgtable.c:12:1: error: unknown type name 'u99'", KernelBuild.FirstReason(output));
        }
    }
}
