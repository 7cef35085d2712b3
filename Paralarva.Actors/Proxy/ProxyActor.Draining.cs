using Akka.Actor;
using Paralarva.Actors.Listener;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Proxy.ProxyMessages;

namespace Paralarva.Actors.Proxy;

/// <summary>Graceful shutdown: the proxy passes the drain to its listener and answers when it is done.</summary>
internal sealed partial class ProxyActor
{
    private readonly List<IActorRef> _drainWaiters = [];
    private DrainCompleted? _drained;

    private void OnDrain(Drain drain)
    {
        if (_drained is not null)
        {
            // Still writing the access log's last lines: answered with the others once that is done.
            if (_drainWaiters.Count == 0)
                Sender.Tell(_drained);
            else
                _drainWaiters.Add(Sender);
            return;
        }

        _drainWaiters.Add(Sender);
        if (_drainWaiters.Count == 1)
            _metrics.Tell(DrainingChanged.Started);
        // Not listening (bind failed, or the access log could not open): nothing to drain.
        if (_listener.IsNobody() || _status?.LocalAddress is null)
        {
            OnDrained(new DrainMessages.Drained(0));
            return;
        }

        _listener.Tell(new DrainMessages.StartDraining(drain.GracePeriod, drain.DrainTimeout));
    }

    private void OnDrained(DrainMessages.Drained drained)
    {
        _drained = new DrainCompleted(drained.Aborted);
        var accessLog = _accessLog;
        if (accessLog is null)
        {
            AnswerDrainWaiters();
            return;
        }

        // Every exchange has ended: write the access log's last lines before the host is told it may exit,
        // or a SIGTERM right after traffic would lose them. Waited for by message, never by blocking.
        _accessLog = null;
        accessLog.DisposeAsync().AsTask().PipeTo(Self, success: () => AccessLogClosed.Instance, failure: _ => AccessLogClosed.Instance);
    }

    private void AnswerDrainWaiters()
    {
        foreach (var waiter in _drainWaiters)
            waiter.Tell(_drained);
        _drainWaiters.Clear();
    }

    /// <summary>The access log wrote its last line and closed its sink (or gave up trying).</summary>
    private sealed class AccessLogClosed
    {
        public static readonly AccessLogClosed Instance = new();
        private AccessLogClosed() { }
    }
}
