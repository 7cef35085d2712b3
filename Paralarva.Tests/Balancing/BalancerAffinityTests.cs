using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>The BalancerActor's side of session affinity: the consistent-hash key and the cookie's pin in the lease request.</summary>
public sealed class BalancerAffinityTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private IActorRef Balancer(string strategy, params CountingListener[] servers)
    {
        var hosts = ImmutableArray.CreateBuilder<MemberConfig>();
        foreach (var server in servers)
            hosts.Add(new MemberConfig("127.0.0.1", server.Port));
        var service = new ServiceConfig("svc", "svc.test", hosts.ToImmutable(), strategy);
        return Sys.ActorOf(BalancerActor.Props(service, MemberTimeoutsConfig.Default, 8, CreateTestProbe().Ref, new Random(1)));
    }

    private ConnectionLeased Lease(IActorRef balancer, AcquireConnection acquire)
    {
        balancer.Tell(acquire, TestActor);
        var leased = ExpectMsg<ConnectionLeased>(Wait);
        leased.Connection.Release(reusable: true, ExchangeOutcome.Unknown);
        return leased;
    }

    [Fact]
    public void ConsistentHash_SameKey_SameMember_OtherKeysSpread()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        using var c = new CountingListener();
        var balancer = Balancer(StrategyNames.ConsistentHash, a, b, c);
        var members = new HashSet<string>();

        for (var key = 1UL; key <= 40; key++)
        {
            var hash = key * 0x9E3779B97F4A7C15UL;
            var first = Lease(balancer, new AcquireConnection((long)key) { HashKey = hash }).Connection.MemberName;
            Assert.Equal(first, Lease(balancer, new AcquireConnection((long)key + 1000) { HashKey = hash }).Connection.MemberName);
            members.Add(first);
        }

        Assert.Equal(3, members.Count);
    }

    [Fact]
    public void ConsistentHash_RetryExcludesTheKeysMember_NextOnTheRing()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var balancer = Balancer(StrategyNames.ConsistentHash, a, b);
        var first = Lease(balancer, new AcquireConnection(1) { HashKey = 42 });

        var retry = Lease(balancer, new AcquireConnection(2) { HashKey = 42, Excluded = [first.Connection.Member] });

        Assert.NotEqual(first.Connection.MemberName, retry.Connection.MemberName);
    }

    [Fact]
    public void Pin_KnownMember_LeasedThere_AheadOfTheStrategy()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        using var c = new CountingListener();
        var balancer = Balancer(StrategyNames.RoundRobin, a, b, c);
        var pinned = Lease(balancer, new AcquireConnection(1));
        Assert.NotEqual(0UL, pinned.AffinityId);

        for (var i = 0; i < 6; i++)
        {
            var leased = Lease(balancer, new AcquireConnection(10 + i) { Pin = pinned.AffinityId });
            Assert.Equal(pinned.Connection.MemberName, leased.Connection.MemberName);
            Assert.Equal(pinned.AffinityId, leased.AffinityId);
        }
    }

    [Fact]
    public void Pin_UnknownOrExcluded_StrategyPicks()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var balancer = Balancer(StrategyNames.RoundRobin, a, b);
        var pinned = Lease(balancer, new AcquireConnection(1));

        var excluded = Lease(balancer, new AcquireConnection(2) { Pin = pinned.AffinityId, Excluded = [pinned.Connection.Member] });
        Assert.NotEqual(pinned.Connection.MemberName, excluded.Connection.MemberName);

        var names = new HashSet<string>();
        for (var i = 0; i < 4; i++)
            names.Add(Lease(balancer, new AcquireConnection(10 + i) { Pin = 0x1234 }).Connection.MemberName);
        Assert.Equal(2, names.Count);
    }

    [Fact]
    public void Pin_MemberUnavailable_StrategyPicksAnother()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var balancer = Balancer(StrategyNames.RoundRobin, a, b);
        var pinned = Lease(balancer, new AcquireConnection(1));

        balancer.Tell(new MemberMessages.StatusChanged(pinned.Connection.Member, Healthy: false, Ejected: false));

        for (var i = 0; i < 4; i++)
            Assert.NotEqual(pinned.Connection.MemberName, Lease(balancer, new AcquireConnection(10 + i) { Pin = pinned.AffinityId }).Connection.MemberName);
    }
}
