namespace Paralarva.Actors.Config;

/// <summary>
/// The member-side keys of <c>proxy.timeouts</c> (connect, member_idle, member_queue), read from the
/// section's mapping; the section reader lists <see cref="Keys"/> among its known keys.
/// </summary>
internal static class MemberTimeoutsReader
{
    public const string ConnectKey = "connect";
    public const string MemberIdleKey = "member_idle";
    public const string MemberQueueKey = "member_queue";

    public static readonly string[] Keys = [ConnectKey, MemberIdleKey, MemberQueueKey];

    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    public static MemberTimeoutsConfig? Read(MappingReader reader, ConfigErrors errors)
    {
        var defaults = MemberTimeoutsConfig.Default;
        var oneMs = TimeSpan.FromMilliseconds(1);
        var connect = DurationReader.ReadOptional(reader, ConnectKey, errors, oneMs, Max, defaults.Connect);
        var idle = DurationReader.ReadOptional(reader, MemberIdleKey, errors, oneMs, Max, defaults.MemberIdle);
        // 0 is allowed: at the per-member limit, answer 503 at once.
        var queue = DurationReader.ReadOptional(reader, MemberQueueKey, errors, TimeSpan.Zero, Max, defaults.MemberQueue);
        return connect is null || idle is null || queue is null ? null : new MemberTimeoutsConfig(connect.Value, idle.Value, queue.Value);
    }
}
