namespace Paralarva.Actors.Metrics;

/// <summary>MemberActor → MetricsActor: a member left service; it no longer counts towards its service's availability.</summary>
internal sealed record MemberStopped(string Service, string Member);
