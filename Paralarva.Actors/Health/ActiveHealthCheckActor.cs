using System.Net;
using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Health.ActiveHealthCheckMessages;

namespace Paralarva.Actors.Health;

/// <summary>
/// The active health checks of one member, a child of its MemberActor: every interval (the first at
/// once) one <see cref="HealthProbeActor"/> checks the member over a fresh connection within the
/// timeout; checks never overlap. Every result goes to the MetricsActor (counts and the availability SLI); the thresholds
/// turn results into a verdict, and a changed verdict goes to the parent, which owns the member's status.
/// Timers come from the scheduler; nothing here waits on a thread.
/// </summary>
internal sealed class ActiveHealthCheckActor : ReceiveActor, IWithTimers
{
    private sealed class Tick
    {
        public static readonly Tick Instance = new();
        private Tick() { }
    }

    private sealed record ProbeTimedOut(long Id);

    private const string TimeoutKey = "timeout";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _service;
    private readonly string _member;
    private readonly EndPoint _endpoint;
    private readonly HealthCheckTarget _target;
    private readonly IActorRef _metrics;
    private readonly byte[] _request;
    private readonly HealthCheckThresholds _thresholds;
    private IActorRef? _probe;
    private long _probeId;
    private TimeSpan _probeStartedAt;

    public ActiveHealthCheckActor(string service, string member, EndPoint endpoint, HealthCheckTarget target, IActorRef metrics)
    {
        _service = service;
        _member = member;
        _endpoint = endpoint;
        _target = target;
        _metrics = metrics;
        _request = HealthCheckRequest.Build(target.Check.Path, target.Host);
        _thresholds = new HealthCheckThresholds(target.Check.HealthyThreshold, target.Check.UnhealthyThreshold);

        Receive<Tick>(_ => OnTick());
        Receive<ProbeCompleted>(OnProbeCompleted);
        Receive<ProbeTimedOut>(OnProbeTimedOut);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string service, string member, EndPoint endpoint, HealthCheckTarget target, IActorRef metrics) =>
        FactoryProps.Create(() => new ActiveHealthCheckActor(service, member, endpoint, target, metrics));

    /// <summary>Deterministic child name inside a MemberActor.</summary>
    public const string ChildName = "health";

    // A probe owns a socket: stopped on failure, never restarted; its deadline then reports the check.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    protected override void PreStart() => Timers.StartSingleTimer(Tick.Instance, Tick.Instance, TimeSpan.Zero);

    private void OnTick()
    {
        if (_probe is not null)
            return; // cannot happen: the next tick is only scheduled once a check ended

        _probeId++;
        _probeStartedAt = Context.System.Scheduler.MonotonicClock;
        _probe = Context.ActorOf(HealthProbeActor.Props(_probeId, _endpoint, _request, _target.Check.Timeout), "probe-" + _probeId);
        Timers.StartSingleTimer(TimeoutKey, new ProbeTimedOut(_probeId), _target.Check.Timeout);
    }

    private void OnProbeCompleted(ProbeCompleted completed)
    {
        if (completed.Id != _probeId || _probe is null)
            return; // its deadline already passed
        Timers.Cancel(TimeoutKey);
        // The probe stops itself once the member closed the connection.
        _probe = null;
        Record(completed.Result);
    }

    private void OnProbeTimedOut(ProbeTimedOut timedOut)
    {
        if (timedOut.Id == _probeId && _probe is not null)
            Finish(HealthCheckResult.Timeout);
    }

    private void Finish(HealthCheckResult result)
    {
        Timers.Cancel(TimeoutKey);
        // Its later report, if any, carries an old id and is ignored.
        _probe!.Tell(Abandon.Instance);
        _probe = null;
        Record(result);
    }

    private void Record(HealthCheckResult result)
    {
        // The next check starts one interval after this one started, never while it runs: a periodic timer
        // catching up after a pause of the process would start checks in a burst and time them out at once.
        var now = Context.System.Scheduler.MonotonicClock;
        var untilNext = _target.Check.Interval - (now - _probeStartedAt);
        Timers.StartSingleTimer(Tick.Instance, Tick.Instance, untilNext > TimeSpan.Zero ? untilNext : TimeSpan.Zero);

        _metrics.Tell(new HealthCheckCompleted(_service, _member, result, now));
        if (!_thresholds.Record(result == HealthCheckResult.Success))
            return;

        if (_thresholds.Healthy)
            _log.Info("{0} member {1} is healthy again: {2} health checks of {3} passed in a row",
                _service, _member, _target.Check.HealthyThreshold, _target.Check.Path);
        else
            _log.Warning("{0} member {1} is unhealthy: {2} health checks of {3} failed in a row, the last one with {4}",
                _service, _member, _thresholds.ConsecutiveFailures, _target.Check.Path, result);
        Context.Parent.Tell(new HealthChanged(_thresholds.Healthy));
    }
}
