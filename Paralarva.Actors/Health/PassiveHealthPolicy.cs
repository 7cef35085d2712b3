using Paralarva.Actors.Config;

namespace Paralarva.Actors.Health;

/// <summary>
/// Outlier detection from real traffic, as Envoy's consecutive-failure detectors: counts failures
/// and 5xx answers in a row and says when the member must be ejected and for how long. Plain class,
/// owned by one MemberActor; time is the caller's (the actor's timer ends the ejection).
/// </summary>
internal sealed class PassiveHealthPolicy(OutlierDetectionConfig config)
{
    private int _failuresInARow;
    private int _serverErrorsInARow;

    /// <summary>Ejections with no success in between: the n-th lasts n × base_ejection_time.</summary>
    public int EjectionsInARow { get; private set; }

    /// <summary>Records one outcome; true when the member must be ejected now (the counters restart).</summary>
    public bool Record(ExchangeOutcome outcome)
    {
        switch (outcome)
        {
            case ExchangeOutcome.Success:
                _failuresInARow = 0;
                _serverErrorsInARow = 0;
                EjectionsInARow = 0;
                return false;
            case ExchangeOutcome.ServerError:
                // The member answered: its connections work, whatever it answered.
                _failuresInARow = 0;
                return config.Consecutive5xx > 0 && ++_serverErrorsInARow >= config.Consecutive5xx && Eject();
            case ExchangeOutcome.Refused or ExchangeOutcome.Reset or ExchangeOutcome.Timeout:
                _serverErrorsInARow = 0;
                return config.ConsecutiveFailures > 0 && ++_failuresInARow >= config.ConsecutiveFailures && Eject();
            default:
                return false;
        }
    }

    /// <summary>How long the ejection just decided lasts.</summary>
    public TimeSpan EjectionTime()
    {
        var time = config.BaseEjectionTime * Math.Max(1, EjectionsInARow);
        return time < config.MaxEjectionTime ? time : config.MaxEjectionTime;
    }

    private bool Eject()
    {
        _failuresInARow = 0;
        _serverErrorsInARow = 0;
        // Bounded so that base × n cannot overflow; the cap applies long before.
        if (EjectionsInARow < 10_000)
            EjectionsInARow++;
        return true;
    }
}
