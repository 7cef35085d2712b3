using System.Net;
using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Issue 4 "DNS members", with the system resolver: a member given as <c>localhost</c>.</summary>
public sealed class DnsMemberTests
{
    [Fact]
    public async Task HostNameMember_Localhost_ResolvedAndServed()
    {
        await using var origin = new TestOrigin("by-name");
        var service = new ServiceConfig("named", "named.test", [new MemberConfig("localhost", origin.Port)], StrategyNames.RoundRobin);
        await using var proxy = await InProcessProxy.StartAsync(service);
        // The origin listens on 127.0.0.1 only; where localhost also resolves to ::1 that member is
        // refused (502), so the test accepts it and goes on to the IPv4 member (round robin).
        // No 503: a request that arrives before the first answer waits for it.
        var expected = new HashSet<int> { 200, 502 };

        RawResponse response;
        var attempts = 0;
        do
        {
            Assert.True(++attempts <= 4, "no request reached the origin through localhost");
            response = await proxy.SendOnNewConnectionAsync(RawRequest.Get("named.test", "/dns"));
            Assert.Contains(response.StatusCode, expected);
        }
        while (response.StatusCode != 200);

        Assert.Equal(origin.DefaultBody, response.BodyText);
        var request = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal("/dns", request.Target);
        Assert.Contains(IPAddress.Loopback, await Dns.GetHostAddressesAsync("localhost"));
    }
}
