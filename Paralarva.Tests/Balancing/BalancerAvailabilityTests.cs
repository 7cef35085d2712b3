using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>Which members a BalancerActor may pick: available ones, none excluded by a retry, and all of them in panic mode.</summary>
public sealed class BalancerAvailabilityTests : TestKit
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    private static ServiceConfig Service(AllMembersDownPolicy policy, params CountingListener[] servers)
    {
        var hosts = ImmutableArray.CreateBuilder<MemberConfig>();
        foreach (var server in servers)
            hosts.Add(new MemberConfig("127.0.0.1", server.Port));
        return new ServiceConfig("svc", "svc.test", hosts.ToImmutable(), StrategyNames.RoundRobin) { WhenAllMembersDown = policy };
    }

    private (IActorRef Balancer, IActorRef[] Members) Start(ServiceConfig service)
    {
        var balancer = Sys.ActorOf(BalancerActor.Props(service, MemberTimeoutsConfig.Default, 8, CreateTestProbe().Ref, new Random(1)));
        // Round robin leases from each member in turn: the leases name the member actors.
        var members = new IActorRef[service.Hosts.Length];
        for (var i = 0; i < members.Length; i++)
        {
            balancer.Tell(new AcquireConnection(-1 - i));
            var leased = ExpectMsg<ConnectionLeased>(Long);
            Assert.Equal(service.Hosts[i].ToString(), leased.Connection.MemberName);
            members[i] = leased.Connection.Member;
            leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        }

        return (balancer, members);
    }

    private string Lease(IActorRef balancer, long id, ImmutableArray<IActorRef>? excluded = null)
    {
        var acquire = new AcquireConnection(id);
        balancer.Tell(excluded is null ? acquire : acquire with { Excluded = excluded.Value });
        var leased = ExpectMsg<ConnectionLeased>(Long);
        leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        return leased.Connection.MemberName;
    }

    [Fact]
    public void EjectedMember_GetsNoTraffic_UntilItReturns()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var service = Service(AllMembersDownPolicy.Reject, a, b);
        var (balancer, members) = Start(service);

        balancer.Tell(new MemberMessages.StatusChanged(members[0], Healthy: true, Ejected: true));
        var names = Enumerable.Range(0, 4).Select(i => Lease(balancer, i)).ToList();
        Assert.All(names, name => Assert.Equal(service.Hosts[1].ToString(), name));

        balancer.Tell(new MemberMessages.StatusChanged(members[0], Healthy: true, Ejected: false));
        var after = Enumerable.Range(0, 4).Select(i => Lease(balancer, 10 + i)).ToList();
        Assert.Contains(service.Hosts[0].ToString(), after);
    }

    [Fact]
    public void UnhealthyMember_GetsNoTraffic()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var service = Service(AllMembersDownPolicy.Reject, a, b);
        var (balancer, members) = Start(service);

        balancer.Tell(new MemberMessages.StatusChanged(members[1], Healthy: false, Ejected: false));

        Assert.All(Enumerable.Range(0, 4).Select(i => Lease(balancer, i)), name => Assert.Equal(service.Hosts[0].ToString(), name));
    }

    [Fact]
    public void AllMembersEjected_Reject_AnswersAtOnceWithEjected503()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var (balancer, members) = Start(Service(AllMembersDownPolicy.Reject, a, b));
        foreach (var member in members)
            balancer.Tell(new MemberMessages.StatusChanged(member, Healthy: true, Ejected: true));

        balancer.Tell(new AcquireConnection(7));

        var failed = ExpectMsg<LeaseFailed>(TimeSpan.FromSeconds(1));
        Assert.Equal(7, failed.CorrelationId);
        Assert.Equal(ProxyError.Ejected, failed.Error);
        Assert.Equal(503, ProxyErrors.StatusCode(failed.Error));
        // The two connections Start leased, one to each member, and no more.
        a.AssertAccepted(1);
        b.AssertAccepted(1);
    }

    [Fact]
    public void AllMembersUnhealthy_Reject_NoMemberAvailable()
    {
        using var a = new CountingListener();
        var (balancer, members) = Start(Service(AllMembersDownPolicy.Reject, a));
        balancer.Tell(new MemberMessages.StatusChanged(members[0], Healthy: false, Ejected: false));

        balancer.Tell(new AcquireConnection(1));

        Assert.Equal(ProxyError.NoMemberAvailable, ExpectMsg<LeaseFailed>(TimeSpan.FromSeconds(1)).Error);
    }

    [Fact]
    public void AllMembersEjected_Panic_SpreadsOverAllMembers()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var service = Service(AllMembersDownPolicy.Panic, a, b);
        var (balancer, members) = Start(service);
        foreach (var member in members)
            balancer.Tell(new MemberMessages.StatusChanged(member, Healthy: true, Ejected: true));

        var names = Enumerable.Range(0, 4).Select(i => Lease(balancer, i)).ToList();

        Assert.Equal(2, names.Distinct().Count());
    }

    [Fact]
    public void Retry_ExcludedMember_NeverPicked()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        using var c = new CountingListener();
        var service = Service(AllMembersDownPolicy.Reject, a, b, c);
        var (balancer, members) = Start(service);

        var names = Enumerable.Range(0, 6).Select(i => Lease(balancer, i, [members[0], members[2]])).ToList();

        Assert.All(names, name => Assert.Equal(service.Hosts[1].ToString(), name));
    }

    [Fact]
    public void Retry_EveryMemberExcluded_NoMemberAvailable()
    {
        using var a = new CountingListener();
        var (balancer, members) = Start(Service(AllMembersDownPolicy.Panic, a));

        balancer.Tell(new AcquireConnection(3) { Excluded = [members[0]] });

        Assert.Equal(ProxyError.NoMemberAvailable, ExpectMsg<LeaseFailed>(TimeSpan.FromSeconds(1)).Error);
    }
}
