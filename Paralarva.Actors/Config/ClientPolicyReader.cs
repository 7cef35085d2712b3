namespace Paralarva.Actors.Config;

/// <summary>
/// Reads the four client-address keys a service and the <c>proxy:</c> section share: <c>rate_limit</c>,
/// <c>max_connections_per_client</c>, <c>allow</c>, <c>deny</c>.
/// </summary>
internal static class ClientPolicyReader
{
    public const string MaxConnectionsPerClientKey = "max_connections_per_client";

    public static readonly string[] Keys = [RateLimitReader.Key, MaxConnectionsPerClientKey, AccessListReader.AllowKey, AccessListReader.DenyKey];

    /// <summary>The policy as written (unset keys null); null when any key has a problem (reported).</summary>
    public static ClientPolicyConfig? Read(MappingReader reader, ConfigErrors errors)
    {
        var rate = RateLimitReader.Read(reader, errors, out var rateValid);
        var connectionsNode = reader.Optional(MaxConnectionsPerClientKey);
        int? connections = connectionsNode is null || YamlNodes.IsNull(connectionsNode)
            ? null
            : IntegerReader.Read(connectionsNode, reader.PathOf(MaxConnectionsPerClientKey), errors, MaxConnectionsPerClientKey, 0, 1_000_000);
        var connectionsValid = connectionsNode is null || YamlNodes.IsNull(connectionsNode) || connections is not null;
        var allow = AccessListReader.Read(reader, AccessListReader.AllowKey, errors, out var allowValid);
        var deny = AccessListReader.Read(reader, AccessListReader.DenyKey, errors, out var denyValid);
        if (!rateValid || !connectionsValid || !allowValid || !denyValid)
            return null;
        var policy = new ClientPolicyConfig { RateLimit = rate, MaxConnectionsPerClient = connections, Allow = allow, Deny = deny };
        return policy == ClientPolicyConfig.None ? ClientPolicyConfig.None : policy;
    }
}
