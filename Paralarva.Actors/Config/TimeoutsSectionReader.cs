using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads the optional <c>proxy.timeouts</c> section; an absent key keeps its default.</summary>
internal static class TimeoutsSectionReader
{
    private static readonly string[] Keys = [.. MemberTimeoutsReader.Keys];

    public static MemberTimeoutsConfig? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        if (node is null || YamlNodes.IsNull(node))
            return MemberTimeoutsConfig.Default;
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping of timeouts");
        if (mapping is null)
            return null;

        var reader = new MappingReader(mapping, path, errors, Keys);
        return MemberTimeoutsReader.Read(reader, errors);
    }
}
