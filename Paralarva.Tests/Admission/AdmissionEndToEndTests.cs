using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Streams;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using Paralarva.Tests.Common;
using Prometheus;
using static Paralarva.Actors.Proxy.ProxyMessages;

namespace Paralarva.Tests.Admission;

/// <summary>
/// Access lists and per-client limits through the real listener: a ProxyActor on loopback, an in-process origin, and
/// clients bound to their own 127.0.0.x addresses so that each address has its own buckets and counts.
/// </summary>
public sealed class AdmissionEndToEndTests : TestKit
{
    private const string Domain = "svc.test";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly CollectorRegistry _registry = global::Prometheus.Metrics.NewCustomRegistry();

    private static IPAddress Client(int last) => new([127, 0, 0, (byte)last]);

    private static CidrBlock Block(string text)
    {
        Assert.Null(CidrSyntax.Check(text, out var block));
        return block;
    }

    private static ProxyConfig Config(TestOrigin origin, ClientPolicyConfig service, ClientPolicyConfig? global = null) =>
        new(new ListenConfig("127.0.0.1", 0),
            [new ServiceConfig(Domain, Domain, [new MemberConfig("127.0.0.1", origin.Port)], StrategyNames.RoundRobin) { ClientPolicy = service }],
            LimitsConfig.Default)
        {
            ClientPolicy = global ?? ClientPolicyConfig.None,
        };

    private (IActorRef Proxy, int Port) StartProxy(ProxyConfig config)
    {
        var proxy = Sys.ActorOf(ProxyActor.Props(config, ProxyOptions.Default, MetricsActor.Props(_registry), Sys.Materializer()));
        proxy.Tell(GetListenStatus.Instance, TestActor);
        var status = ExpectMsg<ListenStatus>(Wait);
        Assert.NotNull(status.LocalAddress);
        return (proxy, ((IPEndPoint)status.LocalAddress).Port);
    }

    private ReloadApplied Reload(IActorRef proxy, ProxyConfig next)
    {
        proxy.Tell(new ProxyMessages.Reload(next), TestActor);
        return ExpectMsg<ReloadApplied>(Wait);
    }

    private static Task<RawHttpClient> ConnectAsync(int port, int clientAddress) =>
        RawHttpClient.ConnectAsync(port, localAddress: Client(clientAddress));

    [Fact]
    public async Task DeniedAddress_403OnAKeptAliveConnection_OtherAddressesServed()
    {
        await using var origin = new TestOrigin("a");
        var (_, port) = StartProxy(Config(origin, new ClientPolicyConfig { Deny = [Block("127.0.0.2")] }));

        await using var denied = await ConnectAsync(port, 2);
        var first = await denied.SendAndReadAsync(RawRequest.Get(Domain, "/denied"));
        var second = await denied.SendAndReadAsync(RawRequest.WithBody("POST", Domain, "/denied", "whole body"));
        // The refused body was skipped: the next request on the connection is read as a request.
        var third = await denied.SendAndReadAsync(RawRequest.Get(Domain, "/denied"));
        await using var admitted = await ConnectAsync(port, 3);
        var served = await admitted.SendAndReadAsync(RawRequest.Get(Domain, "/served"));

        Assert.Equal(403, first.StatusCode);
        Assert.Equal(403, second.StatusCode);
        Assert.Equal(403, third.StatusCode);
        Assert.Equal("<h1>Error 403: Forbidden</h1>", third.BodyText);
        Assert.False(first.Headers.HasToken("Connection", "close"));
        Assert.Equal(200, served.StatusCode);
        Assert.Equal(["/served"], origin.Requests.Select(static r => r.Target));
    }

    [Fact]
    public async Task AllowList_OnlyItsAddresses_GlobalDenyStillApplies()
    {
        await using var origin = new TestOrigin("a");
        var (_, port) = StartProxy(Config(origin,
            new ClientPolicyConfig { Allow = [Block("127.0.0.0/30")] },
            new ClientPolicyConfig { Allow = [Block("10.0.0.0/8")], Deny = [Block("127.0.0.2/32")] }));

        Assert.Equal(200, await StatusFromAsync(port, 1));
        Assert.Equal(403, await StatusFromAsync(port, 2));
        Assert.Equal(200, await StatusFromAsync(port, 3));
        Assert.Equal(403, await StatusFromAsync(port, 4));
    }

    [Fact]
    public async Task RateLimit_BeyondTheBurst_429WithRetryAfter_PerAddress_Counted()
    {
        await using var origin = new TestOrigin("a");
        // One token per 100 s: the bucket cannot refill while the test runs.
        var (_, port) = StartProxy(Config(origin, new ClientPolicyConfig { RateLimit = new RateLimitConfig(0.01, 2) }));

        await using var client = await ConnectAsync(port, 4);
        var statuses = new List<int>();
        RawResponse? refused = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await client.SendAndReadAsync(RawRequest.Get(Domain, "/" + i));
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == 429 ? response : null;
        }

        Assert.Equal([200, 200, 429, 429], statuses);
        var retryAfter = int.Parse(refused!.Headers.Get("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 100);
        Assert.Equal(200, await StatusFromAsync(port, 5));
        Assert.Equal(3, origin.Requests.Count);

        await client.DisposeAsync();
        await Poll.UntilAsync(
            async () => MetricsReader.Value(await MetricsReader.ExportAsync(_registry), "paralarva_requests_rejected_total{service=\"svc.test\",reason=\"rate_limited\"}") == 2,
            "two rate_limited rejections counted", Wait);
    }

    [Fact]
    public async Task ConnectionLimit_SecondConcurrentRequest429_FreedWhenTheFirstEnds()
    {
        var release = new TaskCompletionSource<OriginResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = new TestOrigin("a", request =>
            request.Target == "/slow" ? OriginResponse.Deferred(release.Task) : OriginResponse.Ok("fast"));
        var (_, port) = StartProxy(Config(origin, new ClientPolicyConfig { MaxConnectionsPerClient = 1 }));

        await using var slow = await ConnectAsync(port, 6);
        await slow.SendAsync(RawRequest.Get(Domain, "/slow"));
        await origin.WaitForRequestsAsync(1);
        await using var second = await ConnectAsync(port, 6);
        var refused = await second.SendAndReadAsync(RawRequest.Get(Domain, "/second"));
        await using var other = await ConnectAsync(port, 7);
        var otherAddress = await other.SendAndReadAsync(RawRequest.Get(Domain, "/other"));

        Assert.Equal(429, refused.StatusCode);
        Assert.Equal("1", refused.Headers.Get("Retry-After"));
        Assert.Equal(200, otherAddress.StatusCode);

        release.SetResult(OriginResponse.Ok("slow"));
        Assert.Equal(200, (await slow.ReadResponseAsync()).StatusCode);
        // The slot is freed when the proxy has finished the first exchange, which the client cannot observe: retry
        // on the same kept-alive connection, a bounded number of times.
        var status = 0;
        for (var attempt = 0; attempt < 100 && status != 200; attempt++)
        {
            status = (await second.SendAndReadAsync(RawRequest.Get(Domain, "/second"))).StatusCode;
            if (status == 429)
                await Task.Delay(20);
        }

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Reload_DenyListAdded_NextRequestOnTheSameConnection403_ThenRemoved200()
    {
        await using var origin = new TestOrigin("a");
        var open = Config(origin, ClientPolicyConfig.None);
        var (proxy, port) = StartProxy(open);
        await using var client = await ConnectAsync(port, 8);
        Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get(Domain, "/before"))).StatusCode);

        var applied = Reload(proxy, Config(origin, ClientPolicyConfig.None, new ClientPolicyConfig { Deny = [Block("127.0.0.8")] }));
        var during = await client.SendAndReadAsync(RawRequest.Get(Domain, "/during"));
        Reload(proxy, open);
        var after = await client.SendAndReadAsync(RawRequest.Get(Domain, "/after"));

        Assert.Contains("client policy defaults changed (proxy.rate_limit, max_connections_per_client, allow, deny)", applied.Changes);
        Assert.Equal(403, during.StatusCode);
        Assert.Equal(200, after.StatusCode);
        Assert.Equal(["/before", "/after"], origin.Requests.Select(static r => r.Target));
    }

    [Fact]
    public async Task RefusedWithABodyStillToCome_ClosedAfterTheAnswer()
    {
        await using var origin = new TestOrigin("a");
        var (_, port) = StartProxy(Config(origin, new ClientPolicyConfig { Deny = [Block("127.0.0.9")] }));
        await using var client = await ConnectAsync(port, 9);

        await client.SendAsync("POST /upload HTTP/1.1\r\nHost: " + Domain + "\r\nContent-Length: 100000\r\n\r\npart");
        var response = await client.ReadResponseAsync("POST");

        Assert.Equal(403, response.StatusCode);
        Assert.True(response.Headers.HasToken("Connection", "close"));
        await client.ReadUntilClosedAsync(Wait);
        Assert.Equal(0, origin.BytesReceived);
    }

    [Fact]
    public async Task RefusedHead_HeadWithoutThePage_ConnectionKeptForTheNextRequest()
    {
        await using var origin = new TestOrigin("a");
        var (_, port) = StartProxy(Config(origin, new ClientPolicyConfig { Deny = [Block("127.0.0.10")] }));
        await using var client = await ConnectAsync(port, 10);

        var head = await client.SendAndReadAsync("HEAD / HTTP/1.1\r\nHost: " + Domain + "\r\n\r\n", "HEAD");
        // Had the page followed the HEAD's head, this would read it as a status line and fail.
        var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/after-head"));

        Assert.Equal(403, head.StatusCode);
        Assert.False(head.Headers.HasToken("Connection", "close"));
        Assert.NotEqual("0", head.Headers.Get("Content-Length"));
        Assert.Equal(403, next.StatusCode);
        Assert.Contains("Forbidden", System.Text.Encoding.ASCII.GetString(next.Body));
    }

    private static async Task<int> StatusFromAsync(int port, int clientAddress)
    {
        await using var client = await ConnectAsync(port, clientAddress);
        return (await client.SendAndReadAsync(RawRequest.Get(Domain, "/from-" + clientAddress))).StatusCode;
    }
}
