namespace Paralarva.Actors.Metrics;

/// <summary>
/// MemberActor → MetricsActor: a member came into service (start-up, restart or reload).
/// <paramref name="ActivelyChecked"/> says whether its availability comes from active health checks
/// or, without them, from its passive status (<see cref="MemberStatusChanged"/>).
/// </summary>
internal sealed record MemberStarted(string Service, string Member, bool ActivelyChecked);
