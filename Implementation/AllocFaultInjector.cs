namespace Harness.Implementation;

/// <summary>
/// Makes the n-th page allocation from now fail, whichever pool it comes from, so that tests can drive
/// every allocation point of an operation into its -ENOMEM path.
/// </summary>
public sealed class AllocFaultInjector
{
    private long _countdown;

    /// <summary>The <paramref name="n"/>-th allocation from now fails (1 = the next); 0 cancels.</summary>
    public void FailAt(ulong n) => _countdown = n > long.MaxValue ? long.MaxValue : (long)n;

    /// <summary>Allocations attempted since creation, failed ones included.</summary>
    public long Attempts { get; private set; }

    /// <summary>Called once per allocation attempt; true when this one must fail.</summary>
    internal bool ShouldFail()
    {
        Attempts++;
        if (_countdown == 0)
        {
            return false;
        }
        return --_countdown == 0;
    }
}
