namespace Paralarva.Actors.Metrics;

/// <summary>
/// BalancerActor → MetricsActor: a member left the service (reload or DNS change) and its actor
/// stopped; its series are removed, so member labels stay bounded by the members that exist.
/// </summary>
internal sealed record MemberRemoved(string Service, string Member);
