namespace Harness.Implementation;

/// <summary>
/// The kernel's error numbers, negated as the kernel returns them. <see cref="Ok"/> is success.
/// Every public operation answers with one of these; none throws for bad input.
/// </summary>
public enum Errno
{
    Ok = 0,
    EPERM = -1,
    EAGAIN = -11,
    ENOMEM = -12,
    EEXIST = -17,
    EINVAL = -22,
    ERANGE = -34,
}
