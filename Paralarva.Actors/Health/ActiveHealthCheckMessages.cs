namespace Paralarva.Actors.Health;

/// <summary>Messages of the active health checks.</summary>
internal static class ActiveHealthCheckMessages
{
    /// <summary>HealthProbeActor → ActiveHealthCheckActor: how check number <paramref name="Id"/> ended.</summary>
    public sealed record ProbeCompleted(long Id, HealthCheckResult Result);

    /// <summary>ActiveHealthCheckActor → its MemberActor: the thresholds turned the member (un)healthy.</summary>
    public sealed record HealthChanged(bool Healthy);
}
