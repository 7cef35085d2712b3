namespace Paralarva.Actors.Metrics;

/// <summary>
/// ProxyActor → MetricsActor: a configuration is running, at start-up or after a reload.
/// <paramref name="Hash"/> is its <see cref="Config.ConfigHash"/>, null for one built in code.
/// </summary>
internal sealed record ConfigApplied(string? Hash);
