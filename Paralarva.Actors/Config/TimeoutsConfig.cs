namespace Paralarva.Actors.Config;

/// <summary>
/// Optional <c>proxy.timeouts</c> section. The time to a member's first response byte stays the
/// command line's <c>--timeout</c>.
/// </summary>
public sealed record TimeoutsConfig
{
    public static readonly TimeoutsConfig Default = new();

    /// <summary>The member-side keys: connect, member_idle, member_queue.</summary>
    public MemberTimeoutsConfig Member { get; init; } = MemberTimeoutsConfig.Default;
}
