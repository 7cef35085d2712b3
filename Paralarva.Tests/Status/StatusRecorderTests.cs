using Akka.Actor;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Health;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Status;

namespace Paralarva.Tests.Status;

/// <summary>The MetricsActor's events become <see cref="ProxyStatus"/> snapshots on a <see cref="StatusBoard"/>.</summary>
public sealed class StatusRecorderTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly StatusBoard _board = new();
    private readonly IActorRef _metrics;

    public StatusRecorderTests() =>
        _metrics = Sys.ActorOf(MetricsActor.Props(global::Prometheus.Metrics.NewCustomRegistry(), _board));

    [Fact]
    public void Events_MembersHealthEjectionsAndConfig_PublishedAsOneSnapshot()
    {
        _metrics.Tell(new ConfigApplied("0123456789ab"));
        _metrics.Tell(new MemberStarted("web", "10.0.0.2:80", ActivelyChecked: true));
        _metrics.Tell(new MemberStarted("web", "10.0.0.1:80", ActivelyChecked: false));
        _metrics.Tell(new MemberStatusChanged("web", "10.0.0.1:80", Healthy: true, Ejected: true));
        _metrics.Tell(new MemberStatusChanged("web", "10.0.0.1:80", Healthy: true, Ejected: false));
        _metrics.Tell(new MemberStatusChanged("web", "10.0.0.1:80", Healthy: true, Ejected: true));
        _metrics.Tell(new HealthCheckCompleted("web", "10.0.0.2:80", HealthCheckResult.Timeout, TimeSpan.Zero));
        _metrics.Tell(new MemberStatusChanged("web", "10.0.0.2:80", Healthy: false, Ejected: false));
        _metrics.Tell(new MemberConnectionOpened("web", "10.0.0.1:80"));
        _metrics.Tell(new MemberConnectionOpened("web", "10.0.0.1:80"));
        _metrics.Tell(new MemberLoadSampled("web", "10.0.0.1:80", InFlight: 1, IdleConnections: 1));
        _metrics.Tell(new ConfigReloaded(ReloadResults.Failure));

        AwaitAssert(() =>
        {
            var status = _board.Current;
            Assert.Equal("0123456789ab", status.ConfigHash);
            Assert.NotNull(status.ConfigAppliedAt);
            Assert.Equal(ReloadResults.Failure, status.LastReloadResult);
            var web = Assert.Single(status.Services);
            Assert.Equal("web", web.Name);
            Assert.Equal(["10.0.0.1:80", "10.0.0.2:80"], web.Members.Select(m => m.Member));
            Assert.Equal(new MemberStatus("10.0.0.1:80", true, true, false, null, 2, 1, 2, 1), web.Members[0]);
            Assert.Equal(new MemberStatus("10.0.0.2:80", false, false, true, "timeout", 0, 0, 0, 0), web.Members[1]);
            Assert.Equal(0, web.AvailableMembers);
        }, Wait);
    }

    [Fact]
    public void MemberRemoved_LastOfItsService_ServiceGoneToo()
    {
        _metrics.Tell(new MemberStarted("api", "10.0.0.9:80", ActivelyChecked: false));
        _metrics.Tell(new MemberStarted("web", "10.0.0.1:80", ActivelyChecked: false));
        AwaitAssert(() => Assert.Equal(2, _board.Current.Services.Length), Wait);

        _metrics.Tell(new MemberRemoved("api", "10.0.0.9:80"));

        AwaitAssert(() => Assert.Equal(["web"], _board.Current.Services.Select(s => s.Name)), Wait);
    }
}
