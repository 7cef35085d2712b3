namespace Paralarva.Actors.Config;

/// <summary>The member-side keys of <c>proxy.timeouts</c>.</summary>
/// <param name="Connect">Opening a member connection; longer counts as refused (and is retried on another member).</param>
/// <param name="MemberIdle">A pooled connection idle longer is closed by the proxy, before the member would close it.</param>
/// <param name="MemberQueue">At <c>limits.max_connections_per_member</c>, how long a request waits for a free connection before 503.</param>
public sealed record MemberTimeoutsConfig(TimeSpan Connect, TimeSpan MemberIdle, TimeSpan MemberQueue)
{
    /// <summary>member_idle 4 s: below the 5 s keep-alive of Node.js and Apache, so the proxy closes first.</summary>
    public static readonly MemberTimeoutsConfig Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
}
