using System.Net;
using System.Text;
using Akka.Actor;
using Akka.IO;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;

namespace Paralarva.Tests.Listener;

/// <summary>A RequestActor asks the balancer of the route its path takes; a path no service of the Host takes is a 404.</summary>
public sealed class RequestActorPathRouteTests : TestKit
{
    private readonly TestProbe _client;
    private readonly TestProbe _metrics;
    private readonly TestProbe _api;
    private readonly TestProbe _files;
    private readonly TestProbe _web;
    private readonly RouteTableHolder _routes;

    public RequestActorPathRouteTests()
    {
        _client = CreateTestProbe("client");
        _metrics = CreateTestProbe("metrics");
        _api = CreateTestProbe("api");
        _files = CreateTestProbe("files");
        _web = CreateTestProbe("web");
        _routes = new RouteTableHolder(new RouteTable([
            .. Route.Of(Service("api", "shop.test", "/api"), _api.Ref),
            .. Route.Of(Service("web", "shop.test"), _web.Ref),
            .. Route.Of(Service("files", "static.test", "/static"), _files.Ref),
        ]));
    }

    [Theory]
    [InlineData("shop.test", "/api/x", "api")]
    [InlineData("shop.test", "/api", "api")]
    [InlineData("shop.test", "/apix", "web")]
    [InlineData("shop.test", "/", "web")]
    [InlineData("static.test", "/static/a.css", "files")]
    public void Request_PathOfARoute_ThatServicesBalancerAsked(string host, string target, string service)
    {
        var actor = Start();

        actor.Tell(Bytes("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n"));

        var asked = service switch { "api" => _api, "files" => _files, _ => _web };
        asked.ExpectMsg<BalancerMessages.AcquireConnection>();
        foreach (var other in new[] { _api, _files, _web })
        {
            if (other != asked)
                other.ExpectNoMsg(TimeSpan.Zero);
        }
    }

    [Fact]
    public void Request_PathNoServiceTakes_404KeptAliveNoBalancerAskedAndCounted()
    {
        var actor = Start();

        actor.Tell(Bytes("GET /other HTTP/1.1\r\nHost: static.test\r\n\r\n"));

        var answer = _client.ExpectMsg<Tcp.Write>().Data.ToString(Encoding.Latin1);
        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection: close", answer, StringComparison.Ordinal);
        Assert.Equal("NoPathRoute", _metrics.ExpectMsg<ProxyErrorOccurred>().Kind);
        _files.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Request_PathNoServiceTakes_Http10_404Closed()
    {
        var actor = Start();

        actor.Tell(Bytes("GET /other HTTP/1.0\r\nHost: static.test\r\n\r\n"));

        // The close itself follows the write's ack (AdmissionEndToEndTests.RefusedWithABodyStillToCome_ClosedAfterTheAnswer).
        Assert.Contains("Connection: close", _client.ExpectMsg<Tcp.Write>().Data.ToString(Encoding.Latin1), StringComparison.Ordinal);
    }

    [Fact]
    public void Request_AfterSwap_KeptConnectionRoutedByTheNewTable()
    {
        var actor = Start();
        _routes.Swap(new RouteTable([.. Route.Of(Service("api", "shop.test", "/apix"), _api.Ref), .. Route.Of(Service("web", "shop.test"), _web.Ref)]));

        actor.Tell(Bytes("GET /apix/1 HTTP/1.1\r\nHost: shop.test\r\n\r\n"));

        _api.ExpectMsg<BalancerMessages.AcquireConnection>();
        _web.ExpectNoMsg(TimeSpan.Zero);
    }

    private IActorRef Start()
    {
        var context = new ConnectionContext(_routes, ProxyOptions.Default, LimitsConfig.Default, _metrics.Ref);
        var actor = Sys.ActorOf(RequestActor.Props(_client.Ref, new IPEndPoint(IPAddress.Loopback, 40000), context));
        _client.ExpectMsg<Tcp.Register>();
        _client.ExpectMsg<Tcp.ResumeReading>();
        _metrics.ExpectMsg<ClientConnectionOpened>();
        return actor;
    }

    private static Tcp.Received Bytes(string text) => new(ByteString.FromString(text, Encoding.Latin1));

    private static ServiceConfig Service(string name, string domain, params string[] paths) =>
        new(name, domain, [new MemberConfig("127.0.0.1", 1)], StrategyNames.RoundRobin)
        {
            Paths = paths.Length == 0 ? PathPrefixes.None : new PathPrefixes([.. paths]),
        };
}
