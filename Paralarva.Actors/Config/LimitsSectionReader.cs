using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads the optional <c>proxy.limits</c> section; an absent key keeps its default.</summary>
internal static class LimitsSectionReader
{
    public const string MaxRequestHeadBytesKey = "max_request_head_bytes";
    public const string MaxClientConnectionsKey = "max_client_connections";
    public const string MaxConnectionsPerMemberKey = "max_connections_per_member";

    // Below 1 KiB, ordinary browser requests with a few cookies would be refused with 431;
    // above 1 MiB, a head is no longer a head and one connection could hold that much memory.
    public const int MinRequestHeadBytes = 1024;
    public const int MaxRequestHeadBytes = 1024 * 1024;

    private static readonly string[] Keys = [MaxRequestHeadBytesKey, MaxClientConnectionsKey, MaxConnectionsPerMemberKey];

    public static LimitsConfig? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        // An empty `limits:` section means "all defaults", like an absent one.
        if (node is null || YamlNodes.IsNull(node))
            return LimitsConfig.Default;
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping of limits");
        if (mapping is null)
            return null;

        var reader = new MappingReader(mapping, path, errors, Keys);
        var defaults = LimitsConfig.Default;
        var headBytes = Read(reader, MaxRequestHeadBytesKey, MinRequestHeadBytes, MaxRequestHeadBytes, defaults.MaxRequestHeadBytes, errors);
        var clients = Read(reader, MaxClientConnectionsKey, 1, int.MaxValue, defaults.MaxClientConnections, errors);
        var perMember = Read(reader, MaxConnectionsPerMemberKey, 1, int.MaxValue, defaults.MaxConnectionsPerMember, errors);

        return headBytes is null || clients is null || perMember is null
            ? null
            : new LimitsConfig(headBytes.Value, clients.Value, perMember.Value);
    }

    private static int? Read(MappingReader reader, string key, int min, int max, int defaultValue, ConfigErrors errors)
    {
        var node = reader.Optional(key);
        return node is null ? defaultValue : IntegerReader.Read(node, reader.PathOf(key), errors, key, min, max);
    }
}
