using Akka.Actor;
using Paralarva.Actors.Metrics;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// The member's status, in one place: <see cref="_healthy"/> is the active health checks' verdict
/// (MemberActor.Health.cs; true when the service has none), <see cref="_ejected"/> passive outlier
/// detection's (MemberActor.Passive.cs). Every change reaches the BalancerActor and the MetricsActor.
/// </summary>
internal sealed partial class MemberActor
{
    private bool _healthy = true;
    private bool _ejected;

    private bool Available => _healthy && !_ejected;

    /// <summary>Active checks' verdict changed.</summary>
    private void SetHealthy(bool healthy) => SetStatus(healthy, _ejected);

    /// <summary>Passive outlier detection's verdict changed.</summary>
    private void SetEjected(bool ejected) => SetStatus(_healthy, ejected);

    private void SetStatus(bool healthy, bool ejected)
    {
        if (healthy == _healthy && ejected == _ejected)
            return;
        _healthy = healthy;
        _ejected = ejected;
        Context.Parent.Tell(new MemberMessages.StatusChanged(Self, healthy, ejected));
        _metrics.Tell(new MemberStatusChanged(_service, _name, healthy, ejected));
    }
}
