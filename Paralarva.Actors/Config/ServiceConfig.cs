using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>One service: requests whose Host is <see cref="Domain"/> go to one of <see cref="Hosts"/>.</summary>
public sealed record ServiceConfig(string Name, string Domain, ImmutableArray<MemberConfig> Hosts, string Strategy)
{
    public static readonly TimeSpan DefaultDnsRefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>How often members given by host name are resolved again (<c>dns_refresh_interval</c>).</summary>
    public TimeSpan DnsRefreshInterval { get; init; } = DefaultDnsRefreshInterval;
}
