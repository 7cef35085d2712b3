using System.Collections.Immutable;
using Akka.Actor;
using Akka.Streams;
using Akka.TestKit;
using Akka.TestKit.TestActors;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Proxy.ProxyMessages;

using Paralarva.Tests.Common;

namespace Paralarva.Tests.Proxy;

/// <summary>DESIGN.md "ProxyActor ... on a reload applies the difference": services added, removed, changed; the listen address needs a restart.</summary>
public sealed class ProxyActorReloadTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TestProbe _metrics;

    public ProxyActorReloadTests() => _metrics = CreateTestProbe("metrics");

    private static ServiceConfig Service(string name, params int[] ports) =>
        new(name, name + ".test", [.. ports.Select(p => new MemberConfig("127.0.0.1", p))], StrategyNames.RoundRobin);

    private static ProxyConfig Config(params ServiceConfig[] services) =>
        new(new ListenConfig("127.0.0.1", 0), [.. services], LimitsConfig.Default) { SourceHash = "000000000001" };

    private IActorRef StartProxy(ProxyConfig config)
    {
        var proxy = Sys.ActorOf(ProxyActor.Props(config, ProxyOptions.Default, ForwardActor.Props(_metrics.Ref), Sys.Materializer()));
        proxy.Tell(GetListenStatus.Instance, TestActor);
        Assert.NotNull(ExpectMsg<ListenStatus>(Wait).LocalAddress);
        Assert.Equal("000000000001", _metrics.FishForMessage<ConfigApplied>(_ => true, Wait).Hash);
        return proxy;
    }

    private IActorRef? Balancer(IActorRef proxy, string service)
    {
        Sys.ActorSelection(proxy.Path / ("service-" + service)).Tell(new Identify(service), TestActor);
        return ExpectMsg<ActorIdentity>(Wait).Subject;
    }

    private ReloadApplied Reload(IActorRef proxy, ProxyConfig next)
    {
        proxy.Tell(new ProxyMessages.Reload(next), TestActor);
        return ExpectMsg<ReloadApplied>(Wait);
    }

    [Fact]
    public void Reload_ServiceAdded_StartsItsBalancer()
    {
        var proxy = StartProxy(Config(Service("a", 9001)));

        var applied = Reload(proxy, Config(Service("a", 9001), Service("b", 9002)) with { SourceHash = "000000000002" });

        Assert.Equal(ReloadResults.Success, applied.Result);
        Assert.Equal(["service b added (b.test)"], applied.Changes);
        Assert.NotNull(Balancer(proxy, "b"));
        Assert.Equal(ReloadResults.Success, _metrics.FishForMessage<ConfigReloaded>(_ => true, Wait).Result);
        Assert.Equal("000000000002", _metrics.FishForMessage<ConfigApplied>(_ => true, Wait).Hash);
    }

    [Fact]
    public void Reload_ServiceRemoved_ItsBalancerStops()
    {
        var proxy = StartProxy(Config(Service("a", 9001), Service("b", 9002)));
        var b = Balancer(proxy, "b")!;
        Watch(b);

        var applied = Reload(proxy, Config(Service("a", 9001)));

        Assert.Equal(["service b removed (b.test)"], applied.Changes);
        ExpectTerminated(b, Wait);
        Assert.NotNull(Balancer(proxy, "a"));
    }

    [Fact]
    public void Reload_ServiceChanged_KeepsItsBalancer()
    {
        var proxy = StartProxy(Config(Service("a", 9001)));
        var a = Balancer(proxy, "a")!;
        Watch(a);

        var applied = Reload(proxy, Config(Service("a", 9001, 9002)));

        Assert.Equal(["service a changed"], applied.Changes);
        Assert.Equal(a, Balancer(proxy, "a"));
        ExpectNoMsg(Absence.Window); // no Terminated
    }

    [Fact]
    public void Reload_SameConfiguration_NothingChangesAndCountsAsSuccess()
    {
        var proxy = StartProxy(Config(Service("a", 9001)));

        var applied = Reload(proxy, Config(Service("a", 9001)));

        Assert.Equal(ReloadResults.Success, applied.Result);
        Assert.Empty(applied.Changes);
    }

    [Fact]
    public void Reload_ServiceRemovedThenReAddedWhileDraining_StartsAFreshBalancer()
    {
        var proxy = StartProxy(Config(Service("a", 9001), Service("b", 9002)));
        var old = Balancer(proxy, "b")!;

        Reload(proxy, Config(Service("a", 9001)));
        var applied = Reload(proxy, Config(Service("a", 9001), Service("b", 9002)));

        Assert.Equal(["service b added (b.test)"], applied.Changes);
        Assert.Equal(ReloadResults.Success, applied.Result);
        // The old one still holds its name while it drains: the new one is named apart.
        var fresh = Balancer(proxy, "b-1");
        Assert.NotNull(fresh);
        Assert.NotEqual(old, fresh);
    }

    [Fact]
    public void Reload_ListenPortChanged_RestOfTheChangeAppliedAndRestartRequiredCounted()
    {
        var proxy = StartProxy(Config(Service("a", 9001)));
        var next = Config(Service("a", 9001), Service("b", 9002)) with { Listen = new ListenConfig("127.0.0.1", 18080) };

        var applied = Reload(proxy, next);

        Assert.Equal(ReloadResults.RestartRequired, applied.Result);
        Assert.Contains("listen address changed: needs a restart", applied.Changes);
        Assert.Contains("service b added (b.test)", applied.Changes);
        Assert.NotNull(Balancer(proxy, "b"));
        Assert.Equal(ReloadResults.RestartRequired, _metrics.FishForMessage<ConfigReloaded>(_ => true, Wait).Result);
    }

    [Fact]
    public void Reload_BalancerThrowsApplyingIt_ResumedWithItsMembers()
    {
        using var member = new Balancing.CountingListener();
        var proxy = StartProxy(Config(Service("a", member.Port)));
        var balancer = Balancer(proxy, "a")!;
        balancer.Tell(new Actors.Balancing.BalancerMessages.AcquireConnection(1), TestActor);
        var leased = ExpectMsg<Actors.Balancing.BalancerMessages.ConnectionLeased>(Wait);
        leased.Connection.Release(reusable: true, Actors.Health.ExchangeOutcome.Unknown);
        Watch(balancer);
        Watch(leased.Connection.Member);

        // Validation keeps unknown strategies out of files; built in code, it makes the balancer throw.
        Reload(proxy, Config(Service("a", member.Port) with { Strategy = "fastest" }));

        // Not restarted: same balancer, same member, same pooled connection.
        balancer.Tell(new Actors.Balancing.BalancerMessages.AcquireConnection(2), TestActor);
        Assert.Same(leased.Connection, ExpectMsg<Actors.Balancing.BalancerMessages.ConnectionLeased>(Wait).Connection);
        member.AssertAccepted(1);
    }

    [Fact]
    public void ReloadRejected_CountsAFailure_RunningServicesStay()
    {
        var proxy = StartProxy(Config(Service("a", 9001)));
        var a = Balancer(proxy, "a");

        proxy.Tell(ReloadRejected.Instance);

        Assert.Equal(ReloadResults.Failure, _metrics.FishForMessage<ConfigReloaded>(_ => true, Wait).Result);
        Assert.Equal(a, Balancer(proxy, "a"));
    }

    [Fact]
    public void Reload_MaxConnectionsPerMemberRaised_ARunningMemberServesItsWaiterAtOnce()
    {
        using var member = new Balancing.CountingListener();
        var config = Config(Service("a", member.Port)) with { Limits = LimitsConfig.Default with { MaxConnectionsPerMember = 1 } };
        var proxy = StartProxy(config);
        var balancer = Balancer(proxy, "a")!;
        balancer.Tell(new Actors.Balancing.BalancerMessages.AcquireConnection(1), TestActor);
        ExpectMsg<Actors.Balancing.BalancerMessages.ConnectionLeased>(Wait);
        balancer.Tell(new Actors.Balancing.BalancerMessages.AcquireConnection(2), TestActor);
        // At the limit: the second request waits (member_queue is 5 s), nothing answers it yet.
        ExpectNoMsg(Absence.Window);

        var applied = Reload(proxy, config with { Limits = config.Limits with { MaxConnectionsPerMember = 2 }, SourceHash = "000000000002" });

        Assert.Contains(applied.Changes, change => change.StartsWith("member connection settings changed", StringComparison.Ordinal));
        Assert.Equal(2, ExpectMsg<Actors.Balancing.BalancerMessages.ConnectionLeased>(TimeSpan.FromSeconds(3)).CorrelationId);
    }

    [Fact]
    public void Reload_MemberQueueShortened_ARunningMemberAppliesItToItsWaiter()
    {
        using var member = new Balancing.CountingListener();
        var config = Config(Service("a", member.Port)) with
        {
            Limits = LimitsConfig.Default with { MaxConnectionsPerMember = 1 },
            Timeouts = TimeoutsConfig.Default with { Member = MemberTimeoutsConfig.Default with { MemberQueue = TimeSpan.FromSeconds(60) } },
        };
        var proxy = StartProxy(config);
        var balancer = Balancer(proxy, "a")!;
        balancer.Tell(new Actors.Balancing.BalancerMessages.AcquireConnection(1), TestActor);
        ExpectMsg<Actors.Balancing.BalancerMessages.ConnectionLeased>(Wait);
        balancer.Tell(new Actors.Balancing.BalancerMessages.AcquireConnection(2), TestActor);
        ExpectNoMsg(Absence.Window);

        Reload(proxy, config with
        {
            Timeouts = config.Timeouts with { Member = config.Timeouts.Member with { MemberQueue = TimeSpan.FromMilliseconds(200) } },
            SourceHash = "000000000002",
        });

        var failed = ExpectMsg<Actors.Balancing.BalancerMessages.LeaseFailed>(Wait);
        Assert.Equal(2, failed.CorrelationId);
        Assert.Equal(Actors.Http.ProxyError.NoMemberAvailable, failed.Error);
    }
}
