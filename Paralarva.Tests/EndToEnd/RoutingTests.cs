using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Routing by Host (RFC 9112 section 3.2) through the real proxy to TestOrigins.</summary>
public sealed class RoutingTests
{
    private const string Domain = "svc.example";

    [Theory]
    [InlineData("svc.example")]
    [InlineData("SVC.Example")]
    [InlineData("svc.EXAMPLE:8080")]
    [InlineData("Svc.Example:1")]
    public async Task Host_AnyCaseWithOrWithoutPort_RoutesToTheService(string host)
    {
        // RFC 9110 section 4.2.3: the host is case-insensitive; the port is not part of the route.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        var response = await proxy.SendOnNewConnectionAsync(RawRequest.Get(host, "/routed"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(origin.DefaultBody, response.BodyText);
        var seen = await origin.WaitForRequestsAsync(1);
        Assert.Equal("/routed", seen[0].Target);
        Assert.Equal(host, seen[0].Header("Host"));
    }

    [Fact]
    public async Task Host_Unknown_400ClosedAndMemberReceivesNothing()
    {
        // The original's behaviour (DESIGN.md): a Host naming no service is a 400, as a page of its own.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get("other.example", "/nowhere"));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("<h1>Error 400: Bad Request</h1>", response.BodyText);
        Assert.True(response.Headers.HasToken("Connection", "close"), response.ToString());
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the proxy kept the connection open");
        await MemberProbe.AssertOnlyProbeArrivedAsync(proxy, origin, Domain);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: svc.example\r\nHost: svc.example\r\n\r\n")]
    public async Task Host_MissingOrRepeatedInHttp11_400Closed(string request)
    {
        // RFC 9112 section 3.2: a server MUST respond 400 to an HTTP/1.1 request that lacks Host or has more than one.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Equal("<h1>Error 400: Bad Request</h1>", response.BodyText);
        Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), "the proxy kept the connection open");
        await MemberProbe.AssertOnlyProbeArrivedAsync(proxy, origin, Domain);
    }

    [Fact]
    public async Task AbsoluteFormTarget_RoutesByAuthority_MemberReceivesOriginForm()
    {
        // RFC 9112 section 3.2.2: the authority of an absolute-form target replaces Host; the next hop
        // gets origin-form (section 3.2.1) since it is not a proxy.
        await using var origin = new TestOrigin("a");
        await using var other = new TestOrigin("other");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Service(Domain, origin), TestConfigs.Service("other.example", other));

        var response = await proxy.SendOnNewConnectionAsync(
            "GET http://SVC.example:8080/path/x?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(origin.DefaultBody, response.BodyText);
        var seen = await origin.WaitForRequestsAsync(1);
        Assert.Equal("GET", seen[0].Method);
        Assert.Equal("/path/x?q=1", seen[0].Target);
        Assert.Equal("SVC.example:8080", seen[0].Header("Host"));
        Assert.Equal(0, other.RequestsReceived);
    }

    [Fact]
    public async Task RoundRobin_TwoMembers_AlternatesExactly()
    {
        // StrategyNames.RoundRobin: members take turns, whatever connection the requests come on.
        await using var a = new TestOrigin("a");
        await using var b = new TestOrigin("b");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Service(Domain, StrategyNames.RoundRobin, a.Port, b.Port));
        await using var client = await proxy.ConnectAsync();

        var bodies = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/" + i));
            Assert.Equal(200, response.StatusCode);
            bodies.Add(response.BodyText);
        }

        for (var i = 1; i < bodies.Count; i++)
            Assert.NotEqual(bodies[i - 1], bodies[i]);
        Assert.Equal(5, a.RequestsReceived);
        Assert.Equal(5, b.RequestsReceived);
    }

    [Fact]
    public async Task Random_TwoMembers_ReachesBothWithinBoundedRequests()
    {
        // Each request misses a given member with probability 1/2: 64 requests all on one member is 2^-63.
        const int maxRequests = 64;
        await using var a = new TestOrigin("a");
        await using var b = new TestOrigin("b");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Service(Domain, StrategyNames.Random, a.Port, b.Port));
        await using var client = await proxy.ConnectAsync();

        var seen = new HashSet<string>();
        for (var i = 0; i < maxRequests && seen.Count < 2; i++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/" + i));
            Assert.Equal(200, response.StatusCode);
            seen.Add(response.BodyText);
        }

        Assert.Equal([a.DefaultBody, b.DefaultBody], seen.Order());
    }
    [Fact]
    public async Task AsteriskFormOptions_RoutedByHost_ForwardedAsIs()
    {
        // RFC 9112 section 3.2.4: OPTIONS * concerns the server as a whole; it is routed by Host like any request.
        await using var origin = new TestOrigin("a");
        await using var proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, origin));

        var response = await proxy.SendOnNewConnectionAsync("OPTIONS * HTTP/1.1\r\nHost: svc.example\r\n\r\n", "OPTIONS");

        Assert.Equal(200, response.StatusCode);
        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal("OPTIONS", seen.Method);
        Assert.Equal("*", seen.Target);
    }
}
