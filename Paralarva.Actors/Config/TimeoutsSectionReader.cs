using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads the optional <c>proxy.timeouts</c> section; an absent key keeps its default.</summary>
internal static class TimeoutsSectionReader
{
    // New keys (member-side timeouts) are added here and read below, each into its own init property.
    private static readonly string[] Keys = [.. MemberTimeoutsReader.Keys];

    public static TimeoutsConfig? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        // An empty `timeouts:` section means "all defaults", like an absent one.
        if (node is null || YamlNodes.IsNull(node))
            return TimeoutsConfig.Default;
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping of timeouts");
        if (mapping is null)
            return null;

        var reader = new MappingReader(mapping, path, errors, Keys);
        var member = MemberTimeoutsReader.Read(reader, errors);

        if (member is null)
            return null;
        return new TimeoutsConfig
        {
            Member = member,
        };
    }
}
