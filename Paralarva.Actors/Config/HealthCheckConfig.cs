namespace Paralarva.Actors.Config;

/// <summary>
/// Optional <c>health_check</c> of a service: every <see cref="Interval"/> each member is asked
/// <c>GET <see cref="Path"/></c>; a 2xx or 3xx status within <see cref="Timeout"/> passes. A member is
/// taken out of rotation after <see cref="UnhealthyThreshold"/> failures in a row and put back after
/// <see cref="HealthyThreshold"/> passes in a row (HAProxy's fall/rise, nginx's fails/passes).
/// </summary>
public sealed record HealthCheckConfig(
    string Path,
    TimeSpan Interval,
    TimeSpan Timeout,
    int HealthyThreshold,
    int UnhealthyThreshold)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);
    public const int DefaultHealthyThreshold = 2;
    public const int DefaultUnhealthyThreshold = 3;
}
