using System.Collections.Immutable;
using System.Text;
using Akka.Actor;
using Paralarva.Actors.Config;
using Paralarva.Actors.Listener;

namespace Paralarva.Tests.Listener;

/// <summary>Routing by Host and path prefix: longest prefix, whole segments, raw bytes, without allocating.</summary>
public sealed class RouteTableTests
{
    private const string Shop = "shop.example.com";

    /// <summary>shop: api (/api, /v2/api), api-v2 (/api/v2), web (the rest); static.example: files (/static only); plain.example: plain.</summary>
    private static readonly RouteTable Table = new([
        .. Route.Of(Service("api", Shop, "/api", "/v2/api"), ActorRefs.Nobody),
        .. Route.Of(Service("api-v2", Shop, "/api/v2"), ActorRefs.Nobody),
        .. Route.Of(Service("web", Shop), ActorRefs.Nobody),
        .. Route.Of(Service("files", "static.example", "/static"), ActorRefs.Nobody),
        .. Route.Of(Service("plain", "plain.example"), ActorRefs.Nobody),
    ]);

    [Theory]
    [InlineData("/api", "api")]
    [InlineData("/api/", "api")]
    [InlineData("/api/x", "api")]
    [InlineData("/api?q=1", "api")]
    [InlineData("/api?q=/api/v2", "api")]
    [InlineData("/api/v2", "api-v2")]
    [InlineData("/api/v2/", "api-v2")]
    [InlineData("/api/v2/users?id=3", "api-v2")]
    [InlineData("/api/v21", "api")]
    [InlineData("/api/v", "api")]
    [InlineData("/v2/api/x", "api")]
    [InlineData("/apix", "web")]
    [InlineData("/ap", "web")]
    [InlineData("/", "web")]
    [InlineData("/API/x", "web")]
    [InlineData("/%61pi/x", "web")]
    [InlineData("//api", "web")]
    [InlineData("/v2", "web")]
    [InlineData("/x/api", "web")]
    [InlineData("*", "web")]
    [InlineData("", "web")]
    [InlineData("?api", "web")]
    public void Find_SharedDomain_LongestWholeSegmentPrefixOrTheRest(string target, string service)
    {
        var route = Find(Shop, target, out var hostKnown);

        Assert.True(hostKnown);
        Assert.Equal(service, route?.Service);
    }

    [Theory]
    [InlineData("SHOP.Example.COM")]
    [InlineData("shop.example.com")]
    public void Find_DomainAnyCase_PathStillCaseSensitive(string host)
    {
        Assert.Equal("api", Find(host, "/api/x", out _)?.Service);
        Assert.Equal("web", Find(host, "/Api/x", out _)?.Service);
    }

    [Theory]
    [InlineData("/static")]
    [InlineData("/static/app.js")]
    public void Find_DomainWithoutRest_PrefixRouted(string target) =>
        Assert.Equal("files", Find("static.example", target, out _)?.Service);

    [Theory]
    [InlineData("/")]
    [InlineData("/staticx")]
    [InlineData("/other/static")]
    [InlineData("*")]
    public void Find_DomainWithoutRest_NoRouteButHostKnown(string target)
    {
        Assert.Null(Find("static.example", target, out var hostKnown));
        Assert.True(hostKnown);
    }

    [Fact]
    public void Find_UnknownHost_NullAndHostUnknown()
    {
        Assert.Null(Find("other.example", "/api", out var hostKnown));
        Assert.False(hostKnown);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/anything/at/all")]
    [InlineData("*")]
    public void Find_DomainWithoutPaths_EveryTarget(string target) =>
        Assert.Equal("plain", Find("plain.example", target, out _)?.Service);

    [Fact]
    public void Find_RootPrefix_TakesWhatNoLongerPrefixTakes()
    {
        var table = new RouteTable([
            .. Route.Of(Service("root", "r.example", "/"), ActorRefs.Nobody),
            .. Route.Of(Service("deep", "r.example", "/a/b/c"), ActorRefs.Nobody),
        ]);

        Assert.Equal("root", table.Find("r.example"u8, "/a/b"u8, out _)?.Service);
        Assert.Equal("deep", table.Find("r.example"u8, "/a/b/c/d"u8, out _)?.Service);
        Assert.Equal("root", table.Find("r.example"u8, ""u8, out _)?.Service);
        // The asterisk-form names no path: only a service without paths takes it.
        Assert.Null(table.Find("r.example"u8, "*"u8, out _));
    }

    [Fact]
    public void Find_PathLongerThanEveryPrefix_PrefixStillFound()
    {
        var target = "/api/" + string.Join('/', Enumerable.Repeat("segment", 500)) + "?q=" + new string('x', 3000);

        Assert.Equal("api", Find(Shop, target, out _)?.Service);
        Assert.Equal("web", Find(Shop, "/" + new string('a', 5000), out _)?.Service);
    }

    [Fact]
    public void Find_ThousandPrefixes_EachFoundAndNeighboursNot()
    {
        var routes = new List<KeyValuePair<string, Route>>();
        for (var i = 0; i < 1000; i++)
            routes.AddRange(Route.Of(Service("s" + i, "many.example", "/p" + i + "/items"), ActorRefs.Nobody));
        var table = new RouteTable(routes);

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal("s" + i, table.Find("many.example"u8, Encoding.ASCII.GetBytes("/p" + i + "/items/" + i), out _)?.Service);
            Assert.Null(table.Find("many.example"u8, Encoding.ASCII.GetBytes("/p" + i + "/item"), out _));
        }
    }

    [Fact]
    public void Route_StripPathPrefix_LengthOfTheMatchedPrefixButNotOfRoot()
    {
        var routes = Route.Of(Service("api", Shop, "/api", "/v2/api", "/") with { StripPathPrefix = true }, ActorRefs.Nobody)
            .Select(static r => (r.Value.PathPrefix, r.Value.StripLength)).ToArray();

        Assert.Equal([("/api", 4), ("/v2/api", 7), ("/", 0)], routes);
        Assert.Equal(0, Find(Shop, "/api/x", out _)!.StripLength);
    }

    [Fact]
    public void Constructor_TwoRoutesWithoutPathsOnOneDomain_Refused()
    {
        Assert.Throws<ArgumentException>(() => new RouteTable([
            .. Route.Of(Service("a", Shop), ActorRefs.Nobody), .. Route.Of(Service("b", Shop), ActorRefs.Nobody),
        ]));
    }

    [Fact]
    public void Find_Repeated_AllocatesNothing()
    {
        var host = "Shop.Example.com"u8.ToArray();
        var targets = new[] { "/api/v2/users?id=1"u8.ToArray(), "/apix"u8.ToArray(), "*"u8.ToArray(), "/v2/api"u8.ToArray() };
        foreach (var target in targets)
            Table.Find(host, target, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var target in targets)
                Table.Find(host, target, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static Route? Find(string host, string target, out bool hostKnown) =>
        Table.Find(Encoding.ASCII.GetBytes(host), Encoding.ASCII.GetBytes(target), out hostKnown);

    private static ServiceConfig Service(string name, string domain, params string[] paths) =>
        new(name, domain, [new MemberConfig("127.0.0.1", 1)], StrategyNames.RoundRobin)
        {
            Paths = paths.Length == 0 ? PathPrefixes.None : new PathPrefixes([.. paths]),
        };
}
