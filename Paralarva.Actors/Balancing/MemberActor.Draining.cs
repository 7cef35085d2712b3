using Akka.Actor;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// A member removed by a reload or a DNS change: its BalancerActor forwards it no more lease
/// requests, so it closes its idle connections, lets the leased ones finish their exchanges (a
/// released connection is closed rather than pooled) and stops when none is leased, waited for or
/// being opened.
/// </summary>
internal sealed partial class MemberActor
{
    private bool _draining;

    private void OnDrain()
    {
        _draining = true;
        var idle = _idle.ToArray();
        _idle.Clear();
        foreach (var idleConnection in idle)
            CloseConnection(idleConnection.Lease.Connection);
        StopIfDrained();
    }

    private void StopIfDrained()
    {
        if (_draining && _lesseeByConnection.Count == 0 && _waiters.Count == 0 && _connecting == 0)
            Context.Stop(Self);
    }
}
