using System.Collections.Immutable;

namespace Paralarva.Actors.Status;

/// <summary>A snapshot of the running proxy, as the MetricsActor's events describe it.</summary>
/// <param name="ConfigHash">The running configuration's hash (<c>paralarva_config_info</c>), null for one built in code.</param>
/// <param name="ConfigAppliedAt">When that configuration was applied (start-up or reload), null before it was.</param>
/// <param name="LastReloadResult">The last reload attempt's result (<c>ReloadResults</c>), null when none was attempted.</param>
/// <param name="LastReloadAt">When that attempt was made.</param>
/// <param name="ClientConnectionsOpen">Client connections open now.</param>
/// <param name="Draining">True while shutting down.</param>
/// <param name="Services">Services by name, each with its members by address.</param>
/// <param name="PublishedAt">When this snapshot was made.</param>
internal sealed record ProxyStatus(
    string? ConfigHash,
    DateTimeOffset? ConfigAppliedAt,
    string? LastReloadResult,
    DateTimeOffset? LastReloadAt,
    long ClientConnectionsOpen,
    bool Draining,
    ImmutableArray<ServiceStatus> Services,
    DateTimeOffset PublishedAt)
{
    public static readonly ProxyStatus Empty = new(null, null, null, null, 0, false, [], DateTimeOffset.UnixEpoch);
}
