using Akka.Actor;
using Paralarva.Actors.Health;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Health.ActiveHealthCheckMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// The member's status, of which this actor is the single owner: <c>Healthy</c> from active checks
/// (always true without a <c>health_check</c>) and <c>Ejected</c> from passive ejection. Every change
/// goes to the BalancerActor, which routes only to available members, and to the MetricsActor.
/// </summary>
internal sealed partial class MemberActor
{
    private bool _healthy = true;

    /// <summary>Passive ejection's verdict; it has no ejection yet in this part of the code, so never.</summary>
    private static bool Ejected => false;

    private void ReceiveHealth() => Receive<HealthChanged>(OnHealthChanged);

    private void StartHealthChecks(HealthCheckTarget? healthCheck)
    {
        _metrics.Tell(new MemberStarted(_service, _name, healthCheck is not null));
        // Also after a restart, when the balancer may still hold the previous instance's status.
        PublishStatus();
        if (healthCheck is not null)
        {
            Context.ActorOf(
                ActiveHealthCheckActor.Props(_service, _name, _endpoint, healthCheck, _metrics),
                ActiveHealthCheckActor.ChildName);
        }
    }

    private void StopHealthChecks() => _metrics.Tell(new MemberStopped(_service, _name));

    private void OnHealthChanged(HealthChanged changed)
    {
        if (changed.Healthy == _healthy)
            return;
        _healthy = changed.Healthy;
        PublishStatus();
    }

    private void PublishStatus()
    {
        Context.Parent.Tell(new MemberMessages.StatusChanged(Self, _healthy, Ejected));
        _metrics.Tell(new MemberStatusChanged(_service, _name, _healthy, Ejected));
    }
}
