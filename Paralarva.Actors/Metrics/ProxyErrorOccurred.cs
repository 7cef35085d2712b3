namespace Paralarva.Actors.Metrics;

/// <summary>RequestActor → MetricsActor: an exchange failed in a way the proxy classifies.</summary>
/// <param name="Service">The routed service, or "" when no service matched.</param>
/// <param name="Kind">A <see cref="Http.ProxyError"/> name such as "MemberTimeout"; exported in snake_case.</param>
internal sealed record ProxyErrorOccurred(string Service, string Kind);
