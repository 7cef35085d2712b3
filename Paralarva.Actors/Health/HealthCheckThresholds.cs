namespace Paralarva.Actors.Health;

/// <summary>
/// Turns a stream of check results into a health verdict with hysteresis: unhealthy after
/// <c>unhealthyThreshold</c> failures in a row, healthy again after <c>healthyThreshold</c> passes in
/// a row (HAProxy's fall and rise). Starts healthy, as YARP, HAProxy and nginx do: a restart or a
/// reload never takes every member out of rotation while the first checks run.
/// </summary>
internal sealed class HealthCheckThresholds(int healthyThreshold, int unhealthyThreshold)
{
    private int _passes;
    private int _failures;

    public bool Healthy { get; private set; } = true;

    /// <summary>The failures in a row so far (0 after a pass).</summary>
    public int ConsecutiveFailures => _failures;

    /// <summary>Records one result; true when it changed <see cref="Healthy"/>.</summary>
    public bool Record(bool passed)
    {
        if (passed)
        {
            _failures = 0;
            _passes++;
            if (Healthy || _passes < healthyThreshold)
                return false;
            Healthy = true;
            return true;
        }

        _passes = 0;
        _failures++;
        if (!Healthy || _failures < unhealthyThreshold)
            return false;
        Healthy = false;
        return true;
    }
}
