using Akka.Actor;
using Paralarva.Actors.Health;
using Paralarva.Actors.Metrics;
using static Paralarva.Actors.Health.ActiveHealthCheckMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// Active health checks: a child <see cref="ActiveHealthCheckActor"/> when the service has a
/// <c>health_check</c>; its verdicts set <c>Healthy</c> in MemberActor.Status.cs, which tells the
/// BalancerActor and the MetricsActor.
/// </summary>
internal sealed partial class MemberActor
{
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

    private void OnHealthChanged(HealthChanged changed) => SetHealthy(changed.Healthy);
}
