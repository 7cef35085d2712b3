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

    /// <param name="alreadyReceived">Targets of the requests the member legitimately received before, in order.</param>
    public static async Task AssertOnlyProbeArrivedAsync(InProcessProxy proxy, TestOrigin origin, string host, params string[] alreadyReceived)
    {
        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(host, ProbeTarget));
        Assert.Equal(200, response.StatusCode);
        var seen = await origin.WaitForRequestsAsync(alreadyReceived.Length + 1);
        Assert.Equal([.. alreadyReceived, ProbeTarget], seen.Select(static r => r.Target));
        Assert.Empty(origin.ProtocolErrors);
    }
}
