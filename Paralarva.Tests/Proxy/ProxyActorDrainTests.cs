using System.Net;
using Akka.Actor;
using Akka.Streams;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using Paralarva.Tests.Common;
using Paralarva.Tests.EndToEnd;
using static Paralarva.Actors.Proxy.ProxyMessages;

namespace Paralarva.Tests.Proxy;

/// <summary>The drain protocol from the top of the actor tree, with real sockets: ProxyActor → ListenerActor → RequestActors.</summary>
public sealed class ProxyActorDrainTests : TestKit
{
    private const string Domain = "svc.example";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private readonly TestProbe _metrics;

    public ProxyActorDrainTests() => _metrics = CreateTestProbe("metrics");

    private async Task<(IActorRef Proxy, int Port)> StartAsync(TestOrigin origin)
    {
        var config = TestConfigs.Proxy(TestConfigs.Service(Domain, origin));
        var proxy = Sys.ActorOf(ProxyActor.Props(config, ProxyOptions.Default, Props.Create(() => new Forwarder(_metrics.Ref)), Sys.Materializer()), "proxy");
        var status = await proxy.Ask<ListenStatus>(GetListenStatus.Instance, Bound);
        return (proxy, ((IPEndPoint)status.LocalAddress!).Port);
    }

    [Fact]
    public async Task Drain_NoClients_CompletesAtOnceAndReportsDraining()
    {
        await using var origin = new TestOrigin("a");
        var (proxy, _) = await StartAsync(origin);

        proxy.Tell(new Drain(TimeSpan.Zero, TimeSpan.FromSeconds(30)));

        Assert.Equal(0, ExpectMsg<DrainCompleted>(Bound).Aborted);
        Assert.True(_metrics.FishForMessage<DrainingChanged>(m => m is DrainingChanged).Draining);
    }

    [Fact]
    public async Task Drain_BusyClient_CompletesOnlyAfterItsResponse()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var origin = new TestOrigin("a", _ => OriginResponse.Ok("done").After(release.Task));
        var (proxy, port) = await StartAsync(origin);
        await using var client = await RawHttpClient.ConnectAsync(port);
        await client.SendAsync(RawRequest.Get(Domain, "/slow"));
        await origin.WaitForRequestsAsync(1);

        proxy.Tell(new Drain(TimeSpan.Zero, TimeSpan.FromSeconds(30)));
        ExpectNoMsg(Absence.Window); // not drained while the exchange runs
        release.SetResult();

        Assert.Equal("close", (await client.ReadResponseAsync()).Header("Connection"));
        Assert.Equal(0, ExpectMsg<DrainCompleted>(Bound).Aborted);
    }

    [Fact]
    public async Task Drain_Timeout_AbortsAndCountsTheRest()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.NeverAnswer());
        var (proxy, port) = await StartAsync(origin);
        await using var client = await RawHttpClient.ConnectAsync(port);
        await client.SendAsync(RawRequest.Get(Domain, "/never"));
        await origin.WaitForRequestsAsync(1);

        proxy.Tell(new Drain(TimeSpan.Zero, TimeSpan.FromMilliseconds(300)));

        Assert.Equal(1, ExpectMsg<DrainCompleted>(Bound).Aborted);
        Assert.True(await client.IsClosedByPeerAsync(Bound));
    }

    [Fact]
    public async Task SecondDrain_Hurries_AbortsWithoutWaitingForTheFirstTimeout()
    {
        await using var origin = new TestOrigin("a", _ => OriginResponse.NeverAnswer());
        var (proxy, port) = await StartAsync(origin);
        await using var client = await RawHttpClient.ConnectAsync(port);
        await client.SendAsync(RawRequest.Get(Domain, "/never"));
        await origin.WaitForRequestsAsync(1);

        proxy.Tell(new Drain(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)));
        proxy.Tell(new Drain(TimeSpan.Zero, TimeSpan.Zero));

        Assert.Equal(1, ExpectMsg<DrainCompleted>(Bound).Aborted);
        Assert.Equal(1, ExpectMsg<DrainCompleted>(Bound).Aborted);
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }
}
