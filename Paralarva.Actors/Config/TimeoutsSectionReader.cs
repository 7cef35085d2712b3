using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads the optional <c>proxy.timeouts</c> section; an absent key keeps its default.</summary>
internal static class TimeoutsSectionReader
{
    public const string RequestHeadKey = "request_head";
    public const string ClientIdleKey = "client_idle";
    public const string BodyIdleKey = "body_idle";

    /// <summary>Below this a timer fires before an ordinary client on a slow network could act.</summary>
    public static readonly TimeSpan Min = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Max = TimeSpan.FromHours(24);

    // New keys (member-side timeouts) are added here and read below, each into its own init property.
    private static readonly string[] Keys = [RequestHeadKey, ClientIdleKey, BodyIdleKey, .. MemberTimeoutsReader.Keys];

    public static TimeoutsConfig? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        // An empty `timeouts:` section means "all defaults", like an absent one.
        if (node is null || YamlNodes.IsNull(node))
            return TimeoutsConfig.Default;
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping of timeouts");
        if (mapping is null)
            return null;

        var reader = new MappingReader(mapping, path, errors, Keys);
        var defaults = TimeoutsConfig.Default;
        var requestHead = DurationReader.ReadOptional(reader, RequestHeadKey, errors, Min, Max, defaults.RequestHead);
        var clientIdle = DurationReader.ReadOptional(reader, ClientIdleKey, errors, Min, Max, defaults.ClientIdle);
        var bodyIdle = DurationReader.ReadOptional(reader, BodyIdleKey, errors, Min, Max, defaults.BodyIdle);

        var member = MemberTimeoutsReader.Read(reader, errors);

        if (requestHead is null || clientIdle is null || bodyIdle is null || member is null)
            return null;
        return new TimeoutsConfig
        {
            RequestHead = requestHead.Value,
            ClientIdle = clientIdle.Value,
            BodyIdle = bodyIdle.Value,
            Member = member,
        };
    }
}
