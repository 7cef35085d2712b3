namespace Paralarva.Actors.Metrics;

/// <summary>MemberActor → MetricsActor: the member's status changed (healthy by active checks, ejected by passive ones).</summary>
internal sealed record MemberStatusChanged(string Service, string Member, bool Healthy, bool Ejected);
