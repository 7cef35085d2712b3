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
            Sender.Tell(_drained);
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
        foreach (var waiter in _drainWaiters)
            waiter.Tell(_drained);
        _drainWaiters.Clear();
    }
}
