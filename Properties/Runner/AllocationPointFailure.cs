namespace Harness.Properties.Runner;

/// <summary>
/// A broken claim of the fault-injection property: the case, which of the target's allocations was
/// failed (<see cref="FailAt"/> of <see cref="Points"/>; 0 when the case fails without injection), the
/// run that shows it (prefix, <c>fail_alloc</c>, target, and the retry when it got that far), the
/// 0-based step it broke at, and why.
/// </summary>
public sealed record AllocationPointFailure(InjectionCase Case, long FailAt, long Points, Execution Execution, int FailedAt, Violation Violation);
