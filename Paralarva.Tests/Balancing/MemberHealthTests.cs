using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Tests.Common;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Tests.Balancing;

/// <summary>Active health checks as the balancer sees them: unhealthy members get no lease, recovered ones do again.</summary>
public sealed class MemberHealthTests(Xunit.Abstractions.ITestOutputHelper output) : TestKit(output: output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    // Fast checks; two failures in a row take a member out (one slow check on a loaded machine does not),
    // one pass brings it back.
    private static readonly HealthCheckConfig FastCheck = new("/healthz", TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), 1, 2);

    /// <summary>An origin whose health path fails while <see cref="Failing"/> is set; other paths always answer 200.</summary>
    private sealed class SwitchableOrigin : IAsyncDisposable
    {
        private volatile bool _failing;

        public SwitchableOrigin(string name) =>
            Origin = new TestOrigin(name, req => req.Target == "/healthz" && _failing ? OriginResponse.Empty(503) : OriginResponse.Ok(name));

        public TestOrigin Origin { get; }

        public bool Failing { set => _failing = value; }

        public string Member => "127.0.0.1:" + Origin.Port;

        public ValueTask DisposeAsync() => Origin.DisposeAsync();
    }

    private static ServiceConfig Service(params SwitchableOrigin[] origins) =>
        new ServiceConfig("svc", "svc.test", [.. origins.Select(o => new MemberConfig("127.0.0.1", o.Origin.Port))], StrategyNames.RoundRobin)
        {
            HealthCheck = FastCheck,
        };

    private static ServiceConfig SingleMemberService(SwitchableOrigin origin) =>
        new("svc", "svc.test", [new MemberConfig("127.0.0.1", origin.Origin.Port)], StrategyNames.RoundRobin);

    private IActorRef StartBalancer(ServiceConfig service) =>
        Sys.ActorOf(BalancerActor.Props(service, MemberTimeoutsConfig.Default, 8, CreateTestProbe().Ref, new Random(1)));

    /// <summary>
    /// The members that answer <paramref name="count"/> lease requests in a row; "none" for a refusal
    /// (a check that timed out on a loaded machine may take the healthy member out for a moment too).
    /// </summary>
    private async Task<List<string>> LeaseMembersAsync(IActorRef balancer, int count)
    {
        var names = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            balancer.Tell(new AcquireConnection(i), TestActor);
            var answer = await ExpectMsgAsync<object>(Wait);
            if (answer is ConnectionLeased leased)
            {
                names.Add(leased.Connection.MemberName);
                leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
            }
            else
            {
                Assert.Equal(ProxyError.NoMemberAvailable, Assert.IsType<LeaseFailed>(answer).Error);
                names.Add("none");
            }
        }

        return names;
    }

    [Fact]
    public async Task Balancer_UnhealthyMember_GetsNoLeaseUntilItPassesAgain()
    {
        await using var a = new SwitchableOrigin("a");
        await using var b = new SwitchableOrigin("b");
        var balancer = StartBalancer(Service(a, b));
        await AwaitAssertAsync(async () =>
            Assert.Equal(new[] { a.Member, b.Member }.Order(), (await LeaseMembersAsync(balancer, 4)).Distinct().Order()), Deadline, Poll);

        b.Failing = true;
        await AwaitAssertAsync(async () =>
            Assert.All(await LeaseMembersAsync(balancer, 4), name => Assert.Equal(a.Member, name)), Deadline, Poll);

        b.Failing = false;
        await AwaitAssertAsync(async () => Assert.Contains(b.Member, await LeaseMembersAsync(balancer, 4)), Deadline, Poll);
    }

    [Fact]
    public async Task Reload_HealthCheckAddedThenRemoved_KeptMemberFollowsTheNewSettings()
    {
        // Issue 4, hot reload: a changed service applies to the members it keeps, not only to new ones.
        await using var a = new SwitchableOrigin("a");
        await using var b = new SwitchableOrigin("b") { Failing = true };
        var unchecked_ = Service(a, b) with { HealthCheck = null };
        var balancer = StartBalancer(unchecked_);
        await AwaitAssertAsync(async () => Assert.Contains(b.Member, await LeaseMembersAsync(balancer, 4)), Deadline, Poll);
        var bActor = await LeaseActorOfAsync(balancer, b.Member);

        balancer.Tell(new MemberSetMessages.UpdateService(unchecked_ with { HealthCheck = FastCheck }));
        await AwaitAssertAsync(async () =>
            Assert.All(await LeaseMembersAsync(balancer, 4), name => Assert.Equal(a.Member, name)), Deadline, Poll);

        balancer.Tell(new MemberSetMessages.UpdateService(unchecked_));
        await AwaitAssertAsync(async () => Assert.Contains(b.Member, await LeaseMembersAsync(balancer, 4)), Deadline, Poll);
        // The same MemberActor all along: its pool was kept.
        Assert.Equal(bActor, await LeaseActorOfAsync(balancer, b.Member));
    }

    private async Task<IActorRef> LeaseActorOfAsync(IActorRef balancer, string member)
    {
        for (var i = 0; i < 20; i++)
        {
            balancer.Tell(new AcquireConnection(100 + i), TestActor);
            var leased = await ExpectMsgAsync<ConnectionLeased>(Wait);
            leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
            if (leased.Connection.MemberName == member)
                return leased.Connection.Member;
        }

        Assert.Fail(member + " got no lease in 20 requests");
        return ActorRefs.Nobody;
    }

    [Fact]
    public async Task Balancer_EveryMemberUnhealthy_LeaseFailsAtOnceWithNoMemberAvailable()
    {
        await using var a = new SwitchableOrigin("a") { Failing = true };
        await using var b = new SwitchableOrigin("b") { Failing = true };
        var balancer = StartBalancer(Service(a, b));

        await AwaitAssertAsync(async () =>
        {
            balancer.Tell(new AcquireConnection(7), TestActor);
            var answer = await ExpectMsgAsync<object>(Wait);
            if (answer is ConnectionLeased leased)
                leased.Connection.Release(reusable: true, Paralarva.Actors.Health.ExchangeOutcome.Unknown);
            var failed = Assert.IsType<LeaseFailed>(answer);
            Assert.Equal((7L, ProxyError.NoMemberAvailable), (failed.CorrelationId, failed.Error));
        }, Deadline, Poll);
    }

    [Fact]
    public async Task Member_HealthVerdicts_ToldToItsParentOnEveryChange()
    {
        await using var a = new SwitchableOrigin("a") { Failing = true };
        var target = new HealthCheckTarget(FastCheck, "svc.test");

        var member = ChildActorOf(MemberActor.Props(SingleMemberService(a), new MemberConfig("127.0.0.1", a.Origin.Port), MemberTimeoutsConfig.Default, 8, CreateTestProbe().Ref, healthCheck: target));

        // It starts healthy (and says so), turns unhealthy on the second failure, healthy on the first pass.
        Assert.Equal(new MemberMessages.StatusChanged(member, true, false), await ExpectMsgAsync<MemberMessages.StatusChanged>(Wait));
        Assert.Equal(new MemberMessages.StatusChanged(member, false, false), await ExpectMsgAsync<MemberMessages.StatusChanged>(Wait));
        a.Failing = false;
        Assert.Equal(new MemberMessages.StatusChanged(member, true, false), await ExpectMsgAsync<MemberMessages.StatusChanged>(Wait));
        await ExpectNoMsgAsync(Absence.Window); // passing checks go on, verdicts do not repeat
    }

    [Fact]
    public async Task Member_WithoutHealthCheck_StaysHealthyWithoutChecking()
    {
        await using var a = new SwitchableOrigin("a") { Failing = true };

        var member = ChildActorOf(MemberActor.Props(SingleMemberService(a), new MemberConfig("127.0.0.1", a.Origin.Port), MemberTimeoutsConfig.Default, 8, CreateTestProbe().Ref));

        Assert.Equal(new MemberMessages.StatusChanged(member, true, false), await ExpectMsgAsync<MemberMessages.StatusChanged>(Wait));
        await ExpectNoMsgAsync(Absence.Window);
        Assert.Equal(0, a.Origin.ConnectionsAccepted);
    }
}
