namespace Paralarva.Actors.Metrics;

/// <summary>ProxyActor → MetricsActor: a reload was attempted; <paramref name="Result"/> is one of <see cref="ReloadResults"/>.</summary>
internal sealed record ConfigReloaded(string Result);
