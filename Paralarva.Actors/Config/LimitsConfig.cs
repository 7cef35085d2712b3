namespace Paralarva.Actors.Config;

/// <summary>Optional <c>proxy.limits</c> section; every value has a default close to nginx's.</summary>
public sealed record LimitsConfig(
    int MaxRequestHeadBytes,
    int MaxClientConnections,
    int MaxConnectionsPerMember)
{
    public static readonly LimitsConfig Default = new(
        MaxRequestHeadBytes: 16 * 1024,
        MaxClientConnections: 10_000,
        MaxConnectionsPerMember: 512);
}
