using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>One service: requests whose Host is <see cref="Domain"/> go to one of <see cref="Hosts"/>.</summary>
public sealed record ServiceConfig(string Name, string Domain, ImmutableArray<MemberConfig> Hosts, string Strategy)
{
    /// <summary>Active health checks of the members; null (the default) runs none.</summary>
    public HealthCheckConfig? HealthCheck { get; init; }
}
