namespace Paralarva.Tests.Common;

/// <summary>
/// How long a test waits to conclude that something did not happen (ExpectNoMsg, "no second reload"). Only for
/// tests where absence is the point; everything else waits for a signal. A second is many times what a local
/// actor message or a loopback round trip takes even on a loaded two-core machine, so a message that was coming
/// would have come.
/// </summary>
public static class Absence
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
}
