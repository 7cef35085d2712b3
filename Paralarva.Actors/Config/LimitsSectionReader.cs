using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads the optional <c>proxy.limits</c> section; an absent key keeps its default.</summary>
internal static class LimitsSectionReader
{
    public const string MaxRequestHeadBytesKey = "max_request_head_bytes";
    public const string MaxClientConnectionsKey = "max_client_connections";
    public const string MaxConnectionsPerMemberKey = "max_connections_per_member";
    public const string MaxHeaderCountKey = "max_header_count";
    public const string MaxRequestBodyBytesKey = "max_request_body_bytes";

    /// <summary>A head always fits in max_request_head_bytes, so more lines than that could never arrive.</summary>
    public const int MaxHeaderCount = MaxRequestHeadBytes / 2;

    // Below 1 KiB, ordinary browser requests with a few cookies would be refused with 431;
    // above 1 MiB, a head is no longer a head and one connection could hold that much memory.
    public const int MinRequestHeadBytes = 1024;
    public const int MaxRequestHeadBytes = 1024 * 1024;

    private static readonly string[] Keys =
        [MaxRequestHeadBytesKey, MaxClientConnectionsKey, MaxConnectionsPerMemberKey, MaxHeaderCountKey, MaxRequestBodyBytesKey];

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
        // Host alone is one line; 1 would refuse nearly every real request, but it is the operator's call.
        var headerCount = Read(reader, MaxHeaderCountKey, 1, MaxHeaderCount, defaults.MaxHeaderCount, errors);
        var bodyNode = reader.Optional(MaxRequestBodyBytesKey);
        var bodyBytes = bodyNode is null
            ? defaults.MaxRequestBodyBytes
            : IntegerReader.ReadLong(bodyNode, reader.PathOf(MaxRequestBodyBytesKey), errors, MaxRequestBodyBytesKey, 0, long.MaxValue);

        if (headBytes is null || clients is null || perMember is null || headerCount is null || bodyBytes is null)
            return null;
        return new LimitsConfig(headBytes.Value, clients.Value, perMember.Value)
        {
            MaxHeaderCount = headerCount.Value,
            MaxRequestBodyBytes = bodyBytes.Value,
        };
    }

    private static int? Read(MappingReader reader, string key, int min, int max, int defaultValue, ConfigErrors errors)
    {
        var node = reader.Optional(key);
        return node is null ? defaultValue : IntegerReader.Read(node, reader.PathOf(key), errors, key, min, max);
    }
}
