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
    private int _healthCheckGeneration;

    private void ReceiveHealth()
    {
        Receive<HealthChanged>(OnHealthChanged);
        Receive<MemberSetMessages.UpdateMemberSettings>(OnUpdateSettings);
    }

    private void StartHealthChecks(HealthCheckTarget? healthCheck)
    {
        _metrics.Tell(new MemberStarted(_service, _name, healthCheck is not null));
        // Also after a restart, when the balancer may still hold the previous instance's status.
        PublishStatus();
        if (healthCheck is not null)
        {
            // A new name per generation: a stopped child's name stays taken until it has terminated.
            Context.ActorOf(
                ActiveHealthCheckActor.Props(_service, _name, _endpoint, healthCheck, _metrics),
                _healthCheckGeneration == 0 ? ActiveHealthCheckActor.ChildName : ActiveHealthCheckActor.ChildName + "-" + _healthCheckGeneration);
        }
    }

    private void StopHealthChecks() => _metrics.Tell(new MemberStopped(_service, _name));

    private void OnHealthChanged(HealthChanged changed)
    {
        // A verdict of the checks a reload replaced is not about the current settings.
        if (Sender.Path.Name == CurrentHealthCheckName || Sender.IsNobody())
            SetHealthy(changed.Healthy);
    }

    private string CurrentHealthCheckName =>
        _healthCheckGeneration == 0 ? ActiveHealthCheckActor.ChildName : ActiveHealthCheckActor.ChildName + "-" + _healthCheckGeneration;

    /// <summary>A reload changed the service's health settings; the pool and any running ejection stay.</summary>
    private void OnUpdateSettings(MemberSetMessages.UpdateMemberSettings update)
    {
        _passive = new PassiveHealthPolicy(update.OutlierDetection);
        if (update.HealthCheck == _healthCheck)
            return;

        var running = Context.Child(CurrentHealthCheckName);
        if (!running.IsNobody())
            Context.Stop(running);
        _healthCheck = update.HealthCheck;
        _healthCheckGeneration++;
        StopHealthChecks();
        // Members start healthy, as at start-up; without checks they stay so.
        SetHealthy(true);
        StartHealthChecks(_healthCheck);
    }
}
