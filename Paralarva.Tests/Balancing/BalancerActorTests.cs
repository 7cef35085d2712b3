using System.Collections.Immutable;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Balancing;

public sealed class BalancerActorTests : TestKit
{
    private static ServiceConfig Service(string strategy, params CountingListener[] servers)
    {
        var hosts = ImmutableArray.CreateBuilder<MemberConfig>();
        foreach (var server in servers)
            hosts.Add(new MemberConfig("127.0.0.1", server.Port));
        return new ServiceConfig("svc", "svc.test", hosts.ToImmutable(), strategy);
    }

    private List<string> LeaseMembers(ServiceConfig service, Random random, int count)
    {
        var balancer = Sys.ActorOf(BalancerActor.Props(service, MemberTimeoutsConfig.Default, 8, CreateTestProbe().Ref, random));
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            balancer.Tell(new AcquireConnection(i), TestActor);
            var leased = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));
            names.Add(leased.Connection.MemberName);
            leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        }

        return names;
    }

    [Fact]
    public void Acquire_RoundRobin_MembersAnswerInTurn()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        using var c = new CountingListener();
        var service = Service(StrategyNames.RoundRobin, a, b, c);

        var names = LeaseMembers(service, new Random(1), 6);

        var expected = service.Hosts.Select(h => h.ToString()).ToList();
        Assert.Equal([.. expected, .. expected], names);
    }

    [Fact]
    public void Acquire_Random_FollowsTheSeededChoices()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        var service = Service(StrategyNames.Random, a, b);

        var names = LeaseMembers(service, new Random(3), 12);

        var seeded = new Random(3);
        var expected = Enumerable.Range(0, 12).Select(_ => service.Hosts[seeded.Next(2)].ToString()).ToList();
        Assert.Equal(expected, names);
        Assert.Equal(2, names.Distinct().Count());
    }

    [Fact]
    public void Acquire_LeastRequests_FollowsInFlightCountsAcrossBalancerAndMembers()
    {
        using var a = new CountingListener();
        using var b = new CountingListener();
        using var c = new CountingListener();
        var service = Service(StrategyNames.LeastRequests, a, b, c);
        var balancer = Sys.ActorOf(BalancerActor.Props(service, MemberTimeoutsConfig.Default, 8, CreateTestProbe().Ref, new Random(1)));

        // Six leases held: the balancer's forwarded counts alone spread them two per member.
        var held = new List<ConnectionLeased>();
        for (var i = 0; i < 6; i++)
        {
            balancer.Tell(new AcquireConnection(i), TestActor);
            held.Add(ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10)));
        }

        Assert.All(held.GroupBy(l => l.Connection.MemberName), group => Assert.Equal(2, group.Count()));

        // The first member's exchanges end (its MemberActor counts them): it is now the least loaded.
        var first = service.Hosts[0].ToString();
        foreach (var lease in held.Where(l => l.Connection.MemberName == first))
            lease.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        AwaitAssert(() =>
        {
            balancer.Tell(new AcquireConnection(100), TestActor);
            var next = ExpectMsg<ConnectionLeased>(TimeSpan.FromSeconds(10));
            next.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
            Assert.Equal(first, next.Connection.MemberName);
        });
    }
}
