namespace Paralarva.Actors.Config;

/// <summary>
/// Optional <c>proxy.timeouts</c> section. The client-side times follow nginx's defaults
/// (client_header_timeout, keepalive_timeout, client_body_timeout); the member-side ones are in
/// <see cref="Member"/>; the time to a member's first response byte stays the command line's <c>--timeout</c>.
/// </summary>
public sealed record TimeoutsConfig
{
    public static readonly TimeoutsConfig Default = new();

    /// <summary>From a connection's opening, or a request's first byte, until its whole head has arrived; then 408 and close.</summary>
    public TimeSpan RequestHead { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A keep-alive client connection idle between requests longer than this is closed silently.</summary>
    public TimeSpan ClientIdle { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>
    /// No request body byte for this long: 408 if no response has started, else the connection is closed. A client that
    /// acknowledges none of the response for this long is cut off too (nginx's send_timeout).
    /// </summary>
    public TimeSpan BodyIdle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The member-side keys: connect, member_idle, member_queue.</summary>
    public MemberTimeoutsConfig Member { get; init; } = MemberTimeoutsConfig.Default;
}
