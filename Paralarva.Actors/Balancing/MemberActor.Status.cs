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

    /// <summary>Tells the current status even when unchanged: at start, and after a restart the balancer may hold the old one.</summary>
    private void PublishStatus()
    {
        Context.Parent.Tell(new MemberMessages.StatusChanged(Self, _healthy, _ejected));
        _metrics.Tell(new MemberStatusChanged(_service, _name, _healthy, _ejected));
    }

    private void SetStatus(bool healthy, bool ejected)
    {
        if (healthy == _healthy && ejected == _ejected)
            return;
        _healthy = healthy;
        _ejected = ejected;
        PublishStatus();
    }
}
