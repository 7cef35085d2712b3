namespace Paralarva.Actors.Metrics;

/// <summary>
/// MemberActor → MetricsActor: the member's status changed. It takes traffic when
/// <paramref name="Healthy"/> (active checks) and not <paramref name="Ejected"/> (passive ejection).
/// </summary>
internal sealed record MemberStatusChanged(string Service, string Member, bool Healthy, bool Ejected);
