namespace Paralarva.Actors.Health;

/// <summary>Messages of the active health checks.</summary>
internal static class ActiveHealthCheckMessages
{
    /// <summary>HealthProbeActor → ActiveHealthCheckActor: how check number <paramref name="Id"/> ended.</summary>
    public sealed record ProbeCompleted(long Id, HealthCheckResult Result);

    /// <summary>
    /// ActiveHealthCheckActor → HealthProbeActor: the check's deadline passed; close the connection and stop,
    /// or, still connecting, stop once the connection attempt ends (so that its answer has somewhere to go).
    /// </summary>
    public sealed class Abandon
    {
        public static readonly Abandon Instance = new();
        private Abandon() { }
    }

    /// <summary>ActiveHealthCheckActor → its MemberActor: the thresholds turned the member (un)healthy.</summary>
    public sealed record HealthChanged(bool Healthy);
}
