namespace Paralarva.Actors.Status;

/// <summary>One member in a <see cref="ServiceStatus"/>.</summary>
/// <param name="Member">address:port, as the metrics' <c>member</c> label.</param>
/// <param name="Healthy">Passes its active health checks (always true without them).</param>
/// <param name="Ejected">Kept out of rotation by passive health.</param>
/// <param name="ActivelyChecked">Has active health checks.</param>
/// <param name="LastCheckResult">The last active check's result (<c>success</c>, <c>timeout</c>...), null before one.</param>
/// <param name="Ejections">Passive ejections since the member started.</param>
/// <param name="InFlight">Exchanges in progress (sampled a few times a second).</param>
/// <param name="ConnectionsOpen">Connections open to the member.</param>
/// <param name="ConnectionsIdle">Of those, idle in the pool.</param>
internal sealed record MemberStatus(
    string Member,
    bool Healthy,
    bool Ejected,
    bool ActivelyChecked,
    string? LastCheckResult,
    long Ejections,
    int InFlight,
    long ConnectionsOpen,
    int ConnectionsIdle)
{
    public bool Available => Healthy && !Ejected;
}
