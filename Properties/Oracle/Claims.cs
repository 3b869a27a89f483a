namespace Harness.Properties.Oracle;

/// <summary>Claims the shadow's bookkeeping can break while it follows the event stream, by invariant name.</summary>
public static class Claims
{
    public const string TreeShape = "tree shape";
    public const string RefcountConsistency = "refcount consistency";
    public const string PoolAccounting = "pool accounting";
    public const string NoUseAfterFree = "no double free or use after free";
    public const string LogComplete = "every descriptor change is logged";
}
