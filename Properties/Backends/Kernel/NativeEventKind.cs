namespace Harness.Properties.Backends.Kernel;

/// <summary>
/// What a <see cref="NativeEvent"/> records; mirrors <c>enum harness_event_kind</c> (native/include/harness_abi.h).
/// The first thirteen share their numbers with <see cref="Harness.Implementation.EventKind"/>, so the
/// port's log and the kernel's can be compared kind by kind.
/// </summary>
public enum NativeEventKind : uint
{
    /// <summary>A descriptor store: <c>Pa</c> the descriptor, <c>A</c> the old value, <c>B</c> the new one.</summary>
    PteWrite = 0,
    TlbiVmid = 1,

    /// <summary><c>Ipa</c>, and <c>Level</c> the hint 1..3 or -1 for none.</summary>
    TlbiIpa = 2,

    /// <summary><c>Pa</c> the start, <c>A</c> the length in bytes.</summary>
    Cmo = 3,

    /// <summary><c>Pa</c> the head page, <c>A</c> the order.</summary>
    Alloc = 4,

    /// <summary><c>Pa</c> the page, <c>A</c>/<c>B</c> the count before and after.</summary>
    Get = 5,
    Put = 6,

    /// <summary><c>Pa</c> the head page, <c>A</c> the order of the freed block.</summary>
    Free = 7,
    PutOnFreePage = 8,
    AccessToFreePage = 9,
    WildAccess = 10,

    /// <summary>A kernel WARN_ON fired; <see cref="NativeEvent.Where"/> says where.</summary>
    Warning = 11,

    /// <summary><c>Pa</c> the pool's base, <c>A</c> the order, <c>B</c> 1 when fail_alloc injected it.</summary>
    AllocFailed = 12,

    /// <summary>BUG() or a lock misuse: the call was abandoned and the instance is dead.</summary>
    KernelBug = 13,

    /// <summary>A page inside a block (a stock v5.13 tail root page) dropped to count 0; the kernel would corrupt its free lists, so nothing was freed.</summary>
    CorruptingFree = 14,
}
