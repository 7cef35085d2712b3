using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Balancing.BalancerMessages;
using static Paralarva.Actors.Balancing.MemberSetMessages;

using Paralarva.Tests.Common;

namespace Paralarva.Tests.Balancing;

/// <summary>Issue 4 "DNS members": every address a member's host name resolves to is a member, re-resolved periodically.</summary>
public sealed class BalancerDnsTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static ServiceConfig Service(string hostName, int port, TimeSpan refresh) =>
        new("svc", "svc.test", [new MemberConfig(hostName, port)], StrategyNames.RoundRobin) { DnsRefreshInterval = refresh };

    private IActorRef StartBalancer(ServiceConfig service, ScriptedResolver resolver, IActorRef? metrics = null) =>
        Sys.ActorOf(BalancerActor.Props(service, MemberTimeoutsConfig.Default, 8, metrics ?? CreateTestProbe().Ref, new Random(1), resolver.Resolver));

    /// <summary>Leases (or fails to lease) through the balancer until <paramref name="count"/> distinct members answered; returns their names.</summary>
    private HashSet<string> MembersSeen(IActorRef balancer, int count)
    {
        var names = new HashSet<string>();
        for (var i = 0; i < 4 * count && names.Count < count; i++)
        {
            balancer.Tell(new AcquireConnection(i), TestActor);
            switch (ExpectMsg<object>(Wait))
            {
                case ConnectionLeased leased:
                    names.Add(leased.Connection.MemberName);
                    leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
                    break;
                case LeaseFailed { MemberName: { } name }:
                    names.Add(name); // 127.0.0.2 has no listener: refused, but the member was picked
                    break;
            }
        }

        return names;
    }

    [Fact]
    public void HostName_ResolvedToTwoAddresses_BothAreMembersLabelledWithTheName()
    {
        using var server = new CountingListener();
        var resolver = new ScriptedResolver("127.0.0.1", "127.0.0.2");

        var balancer = StartBalancer(Service("api.test", server.Port, TimeSpan.FromMinutes(5)), resolver);

        AwaitAssert(() => Assert.Equal(
            ["api.test/127.0.0.1:" + server.Port, "api.test/127.0.0.2:" + server.Port],
            MembersSeen(balancer, 2).Order()), Wait);
    }

    [Fact]
    public void Acquire_BeforeTheFirstAnswer_WaitsForItInsteadOfFailing()
    {
        using var server = new CountingListener();
        var answer = new TaskCompletionSource();
        var resolver = new ScriptedResolver("127.0.0.1") { Gate = answer.Task };
        var balancer = StartBalancer(Service("api.test", server.Port, TimeSpan.FromMinutes(5)), resolver);

        balancer.Tell(new AcquireConnection(1), TestActor);
        ExpectNoMsg(Absence.Window); // neither a lease nor a failure while no address is known
        answer.SetResult();

        Assert.Equal("api.test/127.0.0.1:" + server.Port, ExpectMsg<ConnectionLeased>(Wait).Connection.MemberName);
    }

    [Fact]
    public void Acquire_FirstResolutionFails_NoMemberAvailable()
    {
        var resolver = new ScriptedResolver();
        resolver.Fail();
        var balancer = StartBalancer(Service("api.test", 9, TimeSpan.FromMinutes(5)), resolver);

        balancer.Tell(new AcquireConnection(1), TestActor);

        Assert.Equal(Paralarva.Actors.Http.ProxyError.NoMemberAvailable, ExpectMsg<LeaseFailed>(Wait).Error);
    }

    [Fact]
    public void Refresh_AddressAdded_BecomesAMember_UnchangedOneKeepsItsActor()
    {
        using var server = new CountingListener();
        var resolver = new ScriptedResolver("127.0.0.1");
        var balancer = StartBalancer(Service("api.test", server.Port, TimeSpan.FromMilliseconds(100)), resolver);
        ConnectionLeased? first = null;
        AwaitAssert(() =>
        {
            balancer.Tell(new AcquireConnection(1), TestActor);
            first = ExpectMsg<ConnectionLeased>(Wait);
        }, Wait);
        first!.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        Watch(first.Connection.Member);

        resolver.Answer("127.0.0.2", "127.0.0.1");

        AwaitAssert(() => Assert.Contains("api.test/127.0.0.2:" + server.Port, MembersSeen(balancer, 2)), Wait);
        // The kept member kept its pool: one of the next two leases (round robin) is its idle connection (the new
        // member, on 127.0.0.2 where nothing listens, refuses the other).
        balancer.Tell(new AcquireConnection(9), TestActor);
        balancer.Tell(new AcquireConnection(10), TestActor);
        var answers = ReceiveN(2, Wait);
        Assert.Contains(answers, answer => answer is ConnectionLeased leased && ReferenceEquals(leased.Connection, first.Connection));
    }

    [Fact]
    public void Refresh_AddressGone_ItsMemberDrainsAndStops()
    {
        using var server = new CountingListener();
        var resolver = new ScriptedResolver("127.0.0.1");
        var balancer = StartBalancer(Service("api.test", server.Port, TimeSpan.FromMilliseconds(100)), resolver);
        ConnectionLeased? held = null;
        AwaitAssert(() =>
        {
            balancer.Tell(new AcquireConnection(1), TestActor);
            held = ExpectMsg<ConnectionLeased>(Wait);
        }, Wait);
        Watch(held!.Connection.Member);

        resolver.Answer("127.0.0.2");

        AwaitAssert(() => Assert.Equal(["api.test/127.0.0.2:" + server.Port], MembersSeen(balancer, 1)), Wait);
        held.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
        ExpectTerminated(held.Connection.Member, Wait);
    }

    [Fact]
    public void Refresh_ResolutionFails_LastKnownAddressesStayAndTheFailureIsCounted()
    {
        using var server = new CountingListener();
        var resolver = new ScriptedResolver("127.0.0.1");
        var metrics = CreateTestProbe();
        var balancer = StartBalancer(Service("api.test", server.Port, TimeSpan.FromMilliseconds(100)), resolver, metrics.Ref);
        AwaitAssert(() => Assert.Single(MembersSeen(balancer, 1)), Wait);

        resolver.Fail();

        Assert.Equal("svc", metrics.FishForMessage<DnsResolutionFailed>(_ => true, Wait).Service);
        Assert.Equal(["api.test/127.0.0.1:" + server.Port], MembersSeen(balancer, 1));
    }

    [Fact]
    public void Update_HostNameReplacedByAddress_ResolutionStopsAndNameMembersGo()
    {
        using var server = new CountingListener();
        var resolver = new ScriptedResolver("127.0.0.2");
        var balancer = StartBalancer(Service("api.test", server.Port, TimeSpan.FromMilliseconds(100)), resolver);
        AwaitAssert(() => Assert.Single(MembersSeen(balancer, 1)), Wait);

        balancer.Tell(new UpdateService(new ServiceConfig("svc", "svc.test", [new MemberConfig("127.0.0.1", server.Port)], StrategyNames.RoundRobin)));

        Assert.Equal(["127.0.0.1:" + server.Port], MembersSeen(balancer, 2));
        var calls = resolver.Calls;
        // Ten refresh intervals: a resolution still scheduled would have run.
        ExpectNoMsg(Absence.Window);
        Assert.Equal(calls, resolver.Calls);
    }
}
