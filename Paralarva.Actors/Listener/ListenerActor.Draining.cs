using Akka.Actor;
using Akka.Event;
using Akka.IO;
using static Paralarva.Actors.Listener.DrainMessages;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Graceful shutdown, the listener's share:
/// <code>
///   Listening ──StartDraining──▶ grace period (still serving new clients) ──▶ stop accepting:
///     new clients are reset at once, DrainConnection to every client
///   ──last client gone──▶ Unbind, Drained      ──drain timeout──▶ AbortConnection to the rest ──▶ Unbind, Drained
/// </code>
/// Readiness already turned false when the drain started (the host's business); the grace period lets the
/// load balancers in front notice before new clients are turned away.
/// The port itself closes (<c>Tcp.Unbind</c>) only at the end: Akka.IO's TcpListener is the parent of every
/// connection it accepted, and unbinding stops it and with it every open client connection (pinned by
/// ListenerActorUnbindTests). Until then, a client that still connects is accepted and aborted at once: to it,
/// as to a closed port, the connection fails immediately and it tries elsewhere.
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
            Config.DurationReader.Format(start.GracePeriod), Config.DurationReader.Format(start.DrainTimeout), _open);
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

    /// <summary>After the grace period a new connection is aborted before it is served; true when it was.</summary>
    private bool RefusedWhileDraining(Tcp.Connected connected)
    {
        if (!_stoppedAccepting)
            return false;
        // Not counted in paralarva_client_connections_rejected_total: that one means the connection limit.
        _log.Debug("Draining: refusing {0}", connected.RemoteAddress);
        Sender.Tell(Tcp.Abort.Instance);
        return true;
    }

    private void ReportIfDrained()
    {
        if (!_stoppedAccepting || _open > 0 || _drainReported)
            return;
        _drainReported = true;
        Timers.Cancel(DrainTimedOut.Instance);
        _listenSocket?.Tell(Tcp.Unbind.Instance);
        _log.Info("Drained: every client connection is closed ({0} aborted)", _aborted);
        Context.Parent.Tell(new Drained(_aborted));
    }
}
