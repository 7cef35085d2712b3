using Akka.Actor;
using Akka.Event;
using Akka.IO;
using static Paralarva.Actors.Listener.DrainMessages;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Graceful shutdown, the listener's share:
/// <code>
///   Listening ──StartDraining──▶ grace period (still accepting) ──▶ Unbind, DrainConnection to every client
///     ──last client gone──▶ Drained          ──drain timeout──▶ AbortConnection to the rest ──▶ Drained
/// </code>
/// Readiness already turned false when the drain started (the host's business); the grace period lets the
/// load balancers in front notice before the port closes.
/// </summary>
internal sealed partial class ListenerActor : IWithTimers
{
    private sealed class GraceEnded
    {
        public static readonly GraceEnded Instance = new();
        private GraceEnded() { }
    }

    private sealed class DrainTimedOut
    {
        public static readonly DrainTimedOut Instance = new();
        private DrainTimedOut() { }
    }

    private IActorRef? _listenSocket;
    private bool _draining;
    private bool _stoppedAccepting;
    private bool _drainReported;
    private int _aborted;
    private TimeSpan _drainTimeout;
    private long _drainDeadline;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The handlers of the drain, registered in every phase of the listener.</summary>
    private void ReceiveDrain()
    {
        Receive<StartDraining>(OnStartDraining);
        Receive<GraceEnded>(_ => StopAccepting());
        Receive<DrainTimedOut>(_ => OnDrainTimedOut());
        Receive<Tcp.Unbound>(_ => _log.Info("Stopped accepting connections"));
    }

    private void OnStartDraining(StartDraining start)
    {
        if (_draining)
        {
            // A second signal: the operator is in a hurry.
            _drainTimeout = start.DrainTimeout < _drainTimeout ? start.DrainTimeout : _drainTimeout;
            if (_stoppedAccepting)
                RestartDrainTimer();
            else
                StopAccepting();
            return;
        }

        _draining = true;
        _drainTimeout = start.DrainTimeout;
        _log.Info("Draining: accepting for {0} more, then waiting up to {1} for {2} open connections",
            start.GracePeriod, start.DrainTimeout, _open);
        if (start.GracePeriod > TimeSpan.Zero)
            Timers.StartSingleTimer(GraceEnded.Instance, GraceEnded.Instance, start.GracePeriod);
        else
            StopAccepting();
    }

    private void StopAccepting()
    {
        if (_stoppedAccepting)
            return;
        _stoppedAccepting = true;
        Timers.Cancel(GraceEnded.Instance);
        _listenSocket?.Tell(Tcp.Unbind.Instance);
        foreach (var child in Context.GetChildren())
            child.Tell(DrainConnection.Instance);
        _drainDeadline = Environment.TickCount64 + (long)_drainTimeout.TotalMilliseconds;
        Timers.StartSingleTimer(DrainTimedOut.Instance, DrainTimedOut.Instance, _drainTimeout);
        ReportIfDrained();
    }

    private void RestartDrainTimer()
    {
        var remaining = TimeSpan.FromMilliseconds(Math.Max(0, _drainDeadline - Environment.TickCount64));
        var timeout = _drainTimeout < remaining ? _drainTimeout : remaining;
        _drainDeadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        Timers.StartSingleTimer(DrainTimedOut.Instance, DrainTimedOut.Instance, timeout);
    }

    private void OnDrainTimedOut()
    {
        _aborted = _open;
        if (_open > 0)
            _log.Warning("Drain timeout: aborting {0} client connections", _open);
        foreach (var child in Context.GetChildren())
            child.Tell(AbortConnection.Instance);
    }

    /// <summary>A RequestActor stopped.</summary>
    private void OnClientGone()
    {
        _open--;
        ReportIfDrained();
    }

    /// <summary>A connection accepted after the listener stopped accepting (it raced with the Unbind) drains at once.</summary>
    private void DrainIfStopped(IActorRef handler)
    {
        if (_stoppedAccepting)
            handler.Tell(DrainConnection.Instance);
    }

    private void ReportIfDrained()
    {
        if (!_stoppedAccepting || _open > 0 || _drainReported)
            return;
        _drainReported = true;
        Timers.Cancel(DrainTimedOut.Instance);
        _log.Info("Drained: every client connection is closed ({0} aborted)", _aborted);
        Context.Parent.Tell(new Drained(_aborted));
    }
}
