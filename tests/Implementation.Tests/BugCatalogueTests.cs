using Harness.Implementation;

namespace Harness.Implementation.Tests;

public class BugCatalogueTests
{
    /// <summary>The list of bug switches.</summary>
    public class Catalogue
    {
        [Fact]
        public void EverySwitch_HasOneDescription()
        {
            // Each flag of Bug but None appears once in the catalogue.
            var flags = Enum.GetValues<Bug>().Where(b => b != Bug.None).ToArray();

            Assert.Equal(flags, BugCatalogue.All.Select(e => e.Bug).Order().ToArray());
            Assert.All(flags, b => Assert.NotEqual(b.ToString(), BugCatalogue.Describe(b)));
        }

        [Fact]
        public void EveryDescription_IsItsOwnNonEmptyLine()
        {
            // The `bugs` table and docs/bugs.md print one description per switch: none empty, none shared.
            var descriptions = BugCatalogue.All.Select(e => e.Description).ToArray();

            Assert.All(descriptions, d => Assert.False(string.IsNullOrWhiteSpace(d)));
            Assert.Equal(descriptions.Length, descriptions.Distinct().Count());
        }

        [Fact]
        public void None_DescribesAsItsName()
        {
            // No entry: the name is the description.
            Assert.Equal("None", BugCatalogue.Describe(Bug.None));
        }
    }
}
