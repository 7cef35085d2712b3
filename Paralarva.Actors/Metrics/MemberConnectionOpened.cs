namespace Paralarva.Actors.Metrics;

/// <summary>MemberActor → MetricsActor: a pooled connection to a member was established.</summary>
internal sealed record MemberConnectionOpened(string Service, string Member);
