namespace Harness.Model;

/// <summary>
/// The results the spec gives each operation: 0 or a negated kernel error number. The model keeps its
/// own copy (same numbers as the kernel's) so that it depends on nothing it checks.
/// </summary>
public enum Result
{
    Ok = 0,
    EPERM = -1,
    EAGAIN = -11,
    ENOMEM = -12,
    EEXIST = -17,
    EINVAL = -22,
    ERANGE = -34,
}
