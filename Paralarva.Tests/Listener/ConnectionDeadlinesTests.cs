using Akka.Actor;
using Paralarva.Actors.Config;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Proxy;
using Passed = Paralarva.Actors.Listener.ConnectionDeadlines.Passed;

namespace Paralarva.Tests.Listener;

/// <summary>
/// The connection's deadlines share one lazy timer: an idle keep-alive connection holds one timer registration, and
/// moving a deadline later schedules nothing. Deadlines set to zero are due at once, so no test waits for a clock.
/// </summary>
public sealed class ConnectionDeadlinesTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly RecordingTimers _timers = new();

    private ConnectionDeadlines Deadlines(TimeSpan? response = null, TimeSpan? bodyIdle = null, TimeSpan? clientIdle = null)
    {
        var timeouts = new TimeoutsConfig { RequestHead = Hour, ClientIdle = clientIdle ?? Hour, BodyIdle = bodyIdle ?? Hour };
        var options = ProxyOptions.Default with { Timeout = response ?? Hour };
        var context = new ConnectionContext(new RouteTableHolder(new RouteTable([])), options, LimitsConfig.Default, ActorRefs.Nobody)
        {
            Timeouts = timeouts,
            TunnelIdleTimeout = Hour,
        };
        return new ConnectionDeadlines(_timers, context);
    }

    [Fact]
    public void EveryDeadlineSet_OneTimerKey_ScheduledOnlyWhenADeadlineComesEarlier()
    {
        var deadlines = Deadlines(response: TimeSpan.FromSeconds(10), bodyIdle: TimeSpan.FromSeconds(60));

        deadlines.ExpectNextRequest();          // 1 h: the first deadline schedules the timer
        deadlines.ExpectNextRequest();          // later than the timer: a timestamp only
        deadlines.ClientWriteIssued(0);         // 60 s: earlier, rescheduled
        deadlines.StartResponse();              // 10 s: earlier, rescheduled
        deadlines.StartResponse();              // later than the timer again
        deadlines.ClientWriteAcknowledged(0);

        Assert.Equal(3, _timers.Started.Count);
        Assert.All(_timers.Started, start => Assert.IsType<ConnectionDeadlines.Due>(start.Timer));
        Assert.Equal([_timers.Started[^1].Timer], _timers.ActiveTimers);
        Assert.InRange(_timers.Started[^1].Delay, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void FiredBeforeAnyDeadline_PassesNone_AndRearmsForTheEarliest()
    {
        var deadlines = Deadlines(response: TimeSpan.FromSeconds(10));
        deadlines.StartResponse();
        deadlines.ExpectNextRequest();

        Assert.Equal(Passed.None, deadlines.Fired(_timers.Last, out _));

        Assert.Equal(2, _timers.Started.Count);
        Assert.InRange(_timers.Started[^1].Delay, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void ClearedDeadline_FiresIntoNothing_AndTheTimerStops()
    {
        var deadlines = Deadlines(response: TimeSpan.Zero);
        deadlines.StartResponse();
        deadlines.StopResponse();

        Assert.Equal(Passed.None, deadlines.Fired(_timers.Last, out _));

        Assert.Single(_timers.Started);
    }

    [Fact]
    public void SeveralPassedAtOnce_ReportedOnePerFiring_EarliestFirst()
    {
        var deadlines = Deadlines(response: TimeSpan.Zero, bodyIdle: TimeSpan.Zero);
        deadlines.StartResponse();
        deadlines.ExpectBody();

        Assert.Equal(Passed.Response, deadlines.Fired(_timers.Last, out _));
        Assert.Equal(TimeSpan.Zero, _timers.Started[^1].Delay);
        Assert.Equal(Passed.Client, deadlines.Fired(_timers.Last, out var client));
        Assert.Equal(ConnectionDeadlines.ClientDeadline.Body, client);
        Assert.Equal(Passed.None, deadlines.Fired(_timers.Last, out _));
    }

    [Fact]
    public void ClientSendDeadline_PassesWhileAWriteIsUnacknowledged()
    {
        var deadlines = Deadlines(bodyIdle: TimeSpan.Zero);
        deadlines.ClientWriteIssued(0);

        Assert.Equal(Passed.ClientSend, deadlines.Fired(_timers.Last, out _));
    }

    [Fact]
    public void ClientSendDeadline_AcknowledgedWrite_DoesNotPass()
    {
        var deadlines = Deadlines(bodyIdle: TimeSpan.Zero);
        deadlines.ClientWriteIssued(0);
        deadlines.ClientWriteAcknowledged(0);

        Assert.Equal(Passed.None, deadlines.Fired(_timers.Last, out _));
    }

    [Fact]
    public void TunnelBegun_ClientDeadlinesStopped_OnlyTheTunnelIdlePasses()
    {
        var deadlines = Deadlines(bodyIdle: TimeSpan.Zero, clientIdle: TimeSpan.Zero);
        deadlines.ExpectNextRequest();
        deadlines.ClientWriteIssued(0);

        deadlines.StopClient();
        deadlines.ClientWriteIssued(0);

        Assert.Equal(Passed.None, deadlines.Fired(_timers.Last, out _));
    }

    [Fact]
    public void ClientDeadline_ReportsWhichOnePassed()
    {
        var deadlines = Deadlines(clientIdle: TimeSpan.Zero);
        deadlines.ExpectNextRequest();

        Assert.Equal(Passed.Client, deadlines.Fired(_timers.Last, out var client));
        Assert.Equal(ConnectionDeadlines.ClientDeadline.Idle, client);
        Assert.Equal(Passed.None, deadlines.Fired(_timers.Last, out _));
    }

    [Fact]
    public void TimerReplacedByAnEarlierOne_IsCancelled_AndPassesNothingIfItStillArrives()
    {
        var deadlines = Deadlines(response: TimeSpan.Zero);
        deadlines.ExpectNextRequest();          // 1 h
        var replaced = _timers.Last;
        deadlines.StartResponse();              // due at once: the 1 h timer is replaced

        Assert.True(replaced.IsCancellationRequested);
        Assert.Equal(Passed.None, deadlines.Fired(replaced, out _));
        Assert.Equal(2, _timers.Started.Count);
        Assert.Equal(Passed.Response, deadlines.Fired(_timers.Last, out _));
    }

    [Fact]
    public void CancelTimer_CancelsThePendingTimer_SoTheSchedulerLetsGoOfTheConnection()
    {
        var deadlines = Deadlines();
        deadlines.ExpectNextRequest();

        deadlines.CancelTimer();

        Assert.Empty(_timers.ActiveTimers);
        Assert.Equal(Passed.None, deadlines.Fired(_timers.Last, out _));
    }

    /// <summary>Records the timers scheduled, as the RequestActor hands them to Akka's scheduler.</summary>
    private sealed class RecordingTimers : ISelfTimers
    {
        public List<(ConnectionDeadlines.Due Timer, TimeSpan Delay)> Started { get; } = [];

        /// <summary>The timer scheduled last: what a test delivers as the one that fired.</summary>
        public ConnectionDeadlines.Due Last => Started[^1].Timer;

        public IReadOnlyList<ConnectionDeadlines.Due> ActiveTimers =>
            Started.Where(start => !start.Timer.IsCancellationRequested).Select(start => start.Timer).ToList();

        public void Schedule(TimeSpan delay, SelfTimer timer) => Started.Add(((ConnectionDeadlines.Due)timer, delay));
    }
}
