using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads the optional <c>proxy.timeouts</c> section; an absent key keeps its default.</summary>
internal static class TimeoutsSectionReader
{
    public const string ConnectKey = "connect";
    public const string MemberIdleKey = "member_idle";
    public const string MemberQueueKey = "member_queue";

    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    private static readonly string[] Keys =
    [
        ConnectKey, MemberIdleKey, MemberQueueKey,
    ];

    public static MemberTimeoutsConfig? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        if (node is null || YamlNodes.IsNull(node))
            return MemberTimeoutsConfig.Default;
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping of timeouts");
        if (mapping is null)
            return null;

        var reader = new MappingReader(mapping, path, errors, Keys);
        return ReadMemberTimeouts(reader, errors);
    }

    private static MemberTimeoutsConfig? ReadMemberTimeouts(MappingReader reader, ConfigErrors errors)
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
