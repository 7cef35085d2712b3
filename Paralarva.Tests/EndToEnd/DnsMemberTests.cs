using System.Diagnostics;
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
        // refused (502), so the test accepts it and waits for the IPv4 member to answer.
        var expected = new HashSet<int> { 200, 502, 503 };

        var clock = Stopwatch.StartNew();
        RawResponse response;
        do
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "no request reached the origin through localhost");
            response = await proxy.SendOnNewConnectionAsync(RawRequest.Get("named.test", "/dns"));
            Assert.Contains(response.StatusCode, expected);
            if (response.StatusCode == 503)
                await Task.Delay(20); // resolution at start is asynchronous: no member until it answered
        }
        while (response.StatusCode != 200);

        Assert.Equal(origin.DefaultBody, response.BodyText);
        var request = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal("/dns", request.Target);
        Assert.Contains(IPAddress.Loopback, await Dns.GetHostAddressesAsync("localhost"));
    }
}
