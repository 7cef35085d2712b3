using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Health;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// Passive health: every exchange's outcome (carried on the lease's release) and every failed connect
/// feed a <see cref="PassiveHealthPolicy"/>; an ejection lasts until a timer ends it, after which the
/// member takes traffic again on its own. Client aborts arrive as <see cref="ExchangeOutcome.Unknown"/>
/// and never count against the member.
/// </summary>
internal sealed partial class MemberActor
{
    private PassiveHealthPolicy _passive;

    private sealed class EjectionEnded
    {
        public static readonly EjectionEnded Instance = new();
        private EjectionEnded() { }
    }

    private void ReceivePassive() => Receive<EjectionEnded>(_ => OnEjectionEnded());

    private void RecordOutcome(ExchangeOutcome outcome)
    {
        // Outcomes of exchanges that started before the ejection say nothing new.
        if (_ejected || outcome == ExchangeOutcome.Unknown || !_passive.Record(outcome))
            return;

        var time = _passive.EjectionTime();
        _log.Warning("{0} member {1} ejected for {2} after {3} (ejection {4} in a row)", _service, _name, time, outcome, _passive.EjectionsInARow);
        Timers.StartSingleTimer(EjectionEnded.Instance, EjectionEnded.Instance, time);
        SetEjected(true);
    }

    private void OnEjectionEnded()
    {
        _log.Info("{0} member {1} returns after its ejection", _service, _name);
        SetEjected(false);
    }
}
