using Paralarva.Actors.Health;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// ActiveHealthCheckActor → MetricsActor: one check of a member ended. <paramref name="At"/> is the
/// scheduler's monotonic clock when it ended: the availability counters add the time between checks.
/// </summary>
internal sealed record HealthCheckCompleted(string Service, string Member, HealthCheckResult Result, TimeSpan At);
