using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.MemberSetMessages;

using Paralarva.Tests.Common;

namespace Paralarva.Tests.Balancing;

/// <summary>DESIGN.md "ProxyActor ... on a reload applies the difference", at the BalancerActor: the member-set diff.</summary>
public sealed class BalancerMemberSetTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    internal static ServiceConfig Service(string strategy, params int[] ports)
    {
        var hosts = ImmutableArray.CreateBuilder<MemberConfig>();
        foreach (var port in ports)
            hosts.Add(new MemberConfig("127.0.0.1", port));
        return new ServiceConfig("svc", "svc.test", hosts.ToImmutable(), strategy);
    }

    private IActorRef StartBalancer(ServiceConfig service, IActorRef? metrics = null) =>
        Sys.ActorOf(BalancerActor.Props(service, MemberTimeoutsConfig.Default, 8, metrics ?? CreateTestProbe().Ref, new Random(1), null));

    private ConnectionLeased Lease(IActorRef balancer, long id)
    {
        balancer.Tell(new AcquireConnection(id), TestActor);
        return ExpectMsg<ConnectionLeased>(Wait);
    }

    [Fact]
    public void Update_MemberAdded_NewMemberTakesTraffic()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var balancer = StartBalancer(Service(StrategyNames.RoundRobin, a.Port));

        balancer.Tell(new UpdateService(Service(StrategyNames.RoundRobin, a.Port, b.Port)));

        var names = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            var leased = Lease(balancer, i);
            names.Add(leased.Connection.MemberName);
            leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        }

        Assert.Equal(new HashSet<string> { "127.0.0.1:" + a.Port, "127.0.0.1:" + b.Port }, names);
    }

    [Fact]
    public void Update_UnchangedMember_KeepsItsActorAndPooledConnection()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var balancer = StartBalancer(Service(StrategyNames.RoundRobin, a.Port));
        var first = Lease(balancer, 1);
        first.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        Watch(first.Connection.Member);

        balancer.Tell(new UpdateService(Service(StrategyNames.RoundRobin, b.Port, a.Port) with { Domain = "other.test" }));
        // Round robin over b and a: one of the next two leases is a's pooled connection, reused.
        var leases = new[] { Lease(balancer, 2), Lease(balancer, 3) };
        var again = Assert.Single(leases, l => ReferenceEquals(l.Connection, first.Connection));
        Assert.True(again.Reused);
        a.AssertAccepted(1);
    }

    [Fact]
    public void Update_MemberRemoved_StopsOnlyAfterItsLeaseIsReleased()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var metrics = CreateTestProbe();
        var balancer = StartBalancer(Service(StrategyNames.RoundRobin, a.Port, b.Port), metrics.Ref);
        var leased = Lease(balancer, 1);
        Assert.Equal("127.0.0.1:" + a.Port, leased.Connection.MemberName);
        Watch(leased.Connection.Member);

        balancer.Tell(new UpdateService(Service(StrategyNames.RoundRobin, b.Port)));

        // No lease request reaches the removed member any more...
        for (var i = 2; i < 5; i++)
        {
            var other = Lease(balancer, i);
            Assert.Equal("127.0.0.1:" + b.Port, other.Connection.MemberName);
            other.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        }

        // ...but it lives on while its exchange runs, and stops once the lease comes back.
        ExpectNoMsg(Absence.Window); // no Terminated while leased
        leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        ExpectTerminated(leased.Connection.Member, Wait);
        // Its series go with it: member labels stay bounded by the members that exist.
        Assert.Equal("127.0.0.1:" + a.Port, metrics.FishForMessage<MemberRemoved>(_ => true, Wait).Member);
    }

    [Fact]
    public void Update_MemberRemovedAndReAddedWhileDraining_GetsANewActor()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var balancer = StartBalancer(Service(StrategyNames.RoundRobin, a.Port, b.Port));
        var held = Lease(balancer, 1);

        balancer.Tell(new UpdateService(Service(StrategyNames.RoundRobin, b.Port)));
        balancer.Tell(new UpdateService(Service(StrategyNames.RoundRobin, a.Port, b.Port)));

        // Round robin: one of the next two leases is a's.
        var next = new[] { Lease(balancer, 2), Lease(balancer, 3) };
        var fresh = Assert.Single(next, l => l.Connection.MemberName == "127.0.0.1:" + a.Port);
        Assert.NotEqual(held.Connection.Member, fresh.Connection.Member);
    }

    [Fact]
    public void Update_StrategyChanged_AppliedInPlace()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var balancer = StartBalancer(Service(StrategyNames.Random, a.Port, b.Port));

        balancer.Tell(new UpdateService(Service(StrategyNames.RoundRobin, a.Port, b.Port)));

        var names = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var leased = Lease(balancer, i);
            names.Add(leased.Connection.MemberName);
            leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        }

        string[] turns = ["127.0.0.1:" + a.Port, "127.0.0.1:" + b.Port];
        Assert.Equal([.. turns, .. turns], names);
    }

    [Fact]
    public void Retire_StopsAfterGraceAndLastLease_AcquiresMeanwhileStillServed()
    {
        using var a = new CountingListener();
        var balancer = StartBalancer(Service(StrategyNames.RoundRobin, a.Port));
        var held = Lease(balancer, 1);
        Watch(balancer);
        Watch(held.Connection.Member);

        balancer.Tell(Retire.Instance);

        // Within the grace period a request routed just before the route table changed is still served.
        var late = Lease(balancer, 2);
        late.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);

        // After it, the members drain and nothing more is leased.
        AwaitAssert(() =>
        {
            balancer.Tell(new AcquireConnection(3), TestActor);
            var answer = ExpectMsg<object>(Wait);
            if (answer is ConnectionLeased leased)
                leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
            Assert.Equal(ProxyError.NoMemberAvailable, Assert.IsType<LeaseFailed>(answer).Error);
        }, Wait, TimeSpan.FromMilliseconds(100));

        held.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        ExpectTerminated(held.Connection.Member, Wait);
        ExpectTerminated(balancer, Wait);
    }
}
