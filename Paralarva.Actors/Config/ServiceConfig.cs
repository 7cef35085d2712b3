using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>One service: requests whose Host is <see cref="Domain"/> go to one of <see cref="Hosts"/>.</summary>
public sealed record ServiceConfig(string Name, string Domain, ImmutableArray<MemberConfig> Hosts, string Strategy)
{
    public static readonly TimeSpan DefaultDnsRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>How often members given by host name are resolved again (<c>dns_refresh_interval</c>).</summary>
    public TimeSpan DnsRefreshInterval { get; init; } = DefaultDnsRefreshInterval;

    /// <summary>Default number of extra attempts on other members when a safe retry is possible.</summary>
    public const int DefaultMaxRetries = 2;

    /// <summary>Extra attempts on other members (0: none).</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    public AllMembersDownPolicy WhenAllMembersDown { get; init; } = AllMembersDownPolicy.Reject;

    public OutlierDetectionConfig OutlierDetection { get; init; } = OutlierDetectionConfig.Default;

    /// <summary>Active health checks of the members; null (the default) runs none.</summary>
    public HealthCheckConfig? HealthCheck { get; init; }

    /// <summary><c>upgrade_protocols</c>: the protocols a client may switch to (WebSocket by default); others are not forwarded.</summary>
    public UpgradeProtocols UpgradeProtocols { get; init; } = UpgradeProtocols.Default;

    /// <summary><c>paths</c>: the prefixes the service is routed by within its domain; none takes the rest of the domain.</summary>
    public PathPrefixes Paths { get; init; } = PathPrefixes.None;

    /// <summary><c>strip_path_prefix</c>: the matched prefix is removed from the forwarded target (<c>/api/x</c> → <c>/x</c>).</summary>
    public bool StripPathPrefix { get; init; }

    /// <summary><c>request_headers</c>: set, append and remove rules applied to the head forwarded to a member.</summary>
    public HeaderRules RequestHeaders { get; init; } = HeaderRules.None;

    /// <summary><c>response_headers</c>: the same rules applied to the member's response head sent to the client.</summary>
    public HeaderRules ResponseHeaders { get; init; } = HeaderRules.None;

    /// <summary><c>hash_key</c> and <c>affinity</c>: session affinity (see <see cref="AffinityConfig"/>).</summary>
    public AffinityConfig Affinity { get; init; } = AffinityConfig.None;

    /// <summary><c>rate_limit</c>, <c>max_connections_per_client</c>, <c>allow</c>, <c>deny</c> as written for the service.</summary>
    public ClientPolicyConfig ClientPolicy { get; init; } = ClientPolicyConfig.None;
}
