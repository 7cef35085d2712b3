namespace Paralarva.Actors.Metrics;

/// <summary>MemberActor → MetricsActor: a pooled connection to a member is gone, for whatever reason.</summary>
internal sealed record MemberConnectionClosed(string Service, string Member);
