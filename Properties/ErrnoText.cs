using Harness.Implementation;
using Harness.Model;

namespace Harness.Properties;

/// <summary>The kernel's names for results: <c>0</c>, <c>-EINVAL</c>, ... (the trace format's <c>= RESULT</c> lines).</summary>
public static class ErrnoText
{
    public static string Name(Errno e) => e == Errno.Ok ? "0" : Enum.IsDefined(e) ? "-" + e : ((int)e).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Name(Result r) => Name((Errno)(int)r);
}
