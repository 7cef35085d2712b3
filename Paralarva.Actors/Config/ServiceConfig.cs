using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>One service: requests whose Host is <see cref="Domain"/> go to one of <see cref="Hosts"/>.</summary>
public sealed record ServiceConfig(string Name, string Domain, ImmutableArray<MemberConfig> Hosts, string Strategy)
{
    /// <summary>Default number of extra attempts on other members when a safe retry is possible.</summary>
    public const int DefaultMaxRetries = 2;

    /// <summary>Extra attempts on other members (0: none).</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    public AllMembersDownPolicy WhenAllMembersDown { get; init; } = AllMembersDownPolicy.Reject;

    public OutlierDetectionConfig OutlierDetection { get; init; } = OutlierDetectionConfig.Default;
}
