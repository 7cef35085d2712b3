namespace Paralarva.Actors.Metrics;

/// <summary>BalancerActor → MetricsActor: a member host name could not be resolved; its last known addresses stay members.</summary>
internal sealed record DnsResolutionFailed(string Service);
