using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// Proves that a request the proxy refused never reached the member, without sleeping: after the
/// refusal, a valid probe request on a new connection must be the one and only request the member
/// received, and the member saw no malformed or partial input either.
/// </summary>
internal static class MemberProbe
{
    public const string ProbeTarget = "/member-probe";

    public static async Task AssertOnlyProbeArrivedAsync(InProcessProxy proxy, TestOrigin origin, string host)
    {
        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(host, ProbeTarget));
        Assert.Equal(200, response.StatusCode);
        var seen = await origin.WaitForRequestsAsync(1);
        Assert.Equal(ProbeTarget, Assert.Single(seen).Target);
        Assert.Empty(origin.ProtocolErrors);
    }
}
