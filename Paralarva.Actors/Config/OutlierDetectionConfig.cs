namespace Paralarva.Actors.Config;

/// <summary>
/// <c>services[i].outlier_detection</c>: passive health. A member that fails
/// <see cref="ConsecutiveFailures"/> exchanges in a row (connection refused, reset, timed out), or
/// answers <see cref="Consecutive5xx"/> 5xx in a row, is ejected for
/// <see cref="BaseEjectionTime"/> × (its ejections in a row), at most <see cref="MaxEjectionTime"/>.
/// </summary>
/// <param name="ConsecutiveFailures">0 turns connection-level ejection off.</param>
/// <param name="Consecutive5xx">0 (the default): 5xx answers never eject.</param>
public sealed record OutlierDetectionConfig(int ConsecutiveFailures, int Consecutive5xx, TimeSpan BaseEjectionTime, TimeSpan MaxEjectionTime)
{
    /// <summary>Envoy's defaults (5 in a row, 30 s, 300 s), 5xx off as nginx's max_fails counts only errors.</summary>
    public static readonly OutlierDetectionConfig Default = new(5, 0, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(300));
}
