using Paralarva.Actors.Config;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Issue 17 points 1 and 2 through the real listener: path routes, strip_path_prefix, header rules.</summary>
public sealed class PathRoutingTests
{
    private const string Domain = "shop.example";

    /// <summary><c>api</c> takes /api and /v2/api (prefix stripped), <c>web</c> the rest of the domain.</summary>
    private static ProxyConfig SharedDomain(TestOrigin api, TestOrigin web) => TestConfigs.Proxy(
        TestConfigs.Service(Domain, api) with { Name = "api", Paths = new PathPrefixes(["/api", "/v2/api"]), StripPathPrefix = true },
        TestConfigs.Service(Domain, web) with { Name = "web" });

    [Fact]
    public async Task SharedDomain_KeepAliveClient_EachPathToItsServiceWithPrefixStripped()
    {
        await using var api = new TestOrigin("api");
        await using var web = new TestOrigin("web");
        await using var proxy = await InProcessProxy.StartAsync(SharedDomain(api, web));
        await using var client = await proxy.ConnectAsync();

        string[] targets = ["/api/users?id=1", "/api", "/apix", "/", "/v2/api/x", "/API/x", "/api?q=/y", "/v2"];
        var bodies = new List<string>();
        foreach (var target in targets)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get("SHOP.example:80", target));
            Assert.Equal(200, response.StatusCode);
            bodies.Add(response.BodyText);
        }

        Assert.Equal(
            [api.DefaultBody, api.DefaultBody, web.DefaultBody, web.DefaultBody, api.DefaultBody, web.DefaultBody, api.DefaultBody, web.DefaultBody],
            bodies);
        Assert.Equal(["/users?id=1", "/", "/x", "/?q=/y"], (await api.WaitForRequestsAsync(4)).Select(static r => r.Target));
        Assert.Equal(["/apix", "/", "/API/x", "/v2"], (await web.WaitForRequestsAsync(4)).Select(static r => r.Target));
    }

    [Fact]
    public async Task SharedDomain_AbsoluteFormAndAsterisk_PathOfTheTargetAndTheRest()
    {
        await using var api = new TestOrigin("api");
        await using var web = new TestOrigin("web");
        await using var proxy = await InProcessProxy.StartAsync(SharedDomain(api, web));

        var absolute = await proxy.SendOnNewConnectionAsync("GET http://shop.example/api/x?q HTTP/1.1\r\nHost: other\r\n\r\n");
        var asterisk = await proxy.SendOnNewConnectionAsync("OPTIONS * HTTP/1.1\r\nHost: shop.example\r\n\r\n", "OPTIONS");

        Assert.Equal(api.DefaultBody, absolute.BodyText);
        Assert.Equal("/x?q", Assert.Single(await api.WaitForRequestsAsync(1)).Target);
        Assert.Equal(web.DefaultBody, asterisk.BodyText);
        Assert.Equal("*", Assert.Single(await web.WaitForRequestsAsync(1)).Target);
    }

    [Fact]
    public async Task DomainWithoutRest_PathNoServiceTakes_404KeptAliveAndMemberReceivesNothing()
    {
        await using var files = new TestOrigin("files");
        await using var proxy = await InProcessProxy.StartAsync(
            TestConfigs.Service(Domain, files) with { Paths = new PathPrefixes(["/static"]) });
        await using var client = await proxy.ConnectAsync();

        var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/staticx"));
        // As nginx: the connection goes on after the proxy's own 404; a HEAD gets the head alone.
        var head = await client.SendAndReadAsync("HEAD /nothing HTTP/1.1\r\nHost: " + Domain + "\r\n\r\n", "HEAD");
        var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/static/same-connection"));

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("<h1>Error 404: Not Found</h1>", response.BodyText);
        Assert.False(response.Headers.HasToken("Connection", "close"));
        Assert.Equal(404, head.StatusCode);
        Assert.Equal(200, next.StatusCode);
        // Unknown hosts keep their 400 (the original's answer).
        Assert.Equal(400, (await proxy.SendOnNewConnectionAsync(RawRequest.Get("other.example", "/static"))).StatusCode);
        Assert.Equal(200, (await proxy.SendOnNewConnectionAsync(RawRequest.Get(Domain, "/static/after"))).StatusCode);
        Assert.Equal(["/static/same-connection", "/static/after"], (await files.WaitForRequestsAsync(2)).Select(static r => r.Target));
    }

    [Fact]
    public async Task HeaderRules_RealListener_MemberAndClientSeeTheRulesApplied()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("ok") with
        {
            Headers = [new("Server", "origin/1.0"), new("X-Frame-Options", "SAMEORIGIN"), new("x-frame-options", "ALLOW"), new("X-Kept", "1")],
        });
        var service = TestConfigs.Service(Domain, origin) with
        {
            RequestHeaders = new HeaderRules([new("X-Env", "prod"), new("X-Forwarded-Proto", "https")], [new("Via-Zone", "a")], ["X-Debug"]),
            ResponseHeaders = new HeaderRules([new("X-Frame-Options", "DENY")], [new("X-Served-By", "paralarva")], ["Server"]),
        };
        await using var proxy = await InProcessProxy.StartAsync(service);

        var response = await proxy.SendOnNewConnectionAsync(
            RawRequest.Get(Domain, "/", "X-Env: dev", "x-env: test", "X-Debug: 1", "x-debug: 2", "X-Kept-Too: yes"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["DENY"], response.Headers.GetAll("X-Frame-Options"));
        Assert.False(response.Headers.Has("Server"), response.ToString());
        Assert.Equal("paralarva", response.Header("X-Served-By"));
        Assert.Equal("1", response.Header("X-Kept"));
        Assert.Equal("1.1 paralarva", response.Header("Via"));
        var seen = Assert.Single(await origin.WaitForRequestsAsync(1));
        Assert.Equal(["prod"], seen.Headers.GetAll("X-Env"));
        Assert.Empty(seen.Headers.GetAll("X-Debug"));
        Assert.Equal(["https"], seen.Headers.GetAll("X-Forwarded-Proto"));
        Assert.Equal("a", seen.Header("Via-Zone"));
        Assert.Equal("yes", seen.Header("X-Kept-Too"));
        Assert.Equal("127.0.0.1", seen.Header("X-Forwarded-For"));
    }
}
