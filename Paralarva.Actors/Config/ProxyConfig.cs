using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>The whole validated configuration file (the <c>proxy:</c> section).</summary>
public sealed record ProxyConfig(ListenConfig Listen, ImmutableArray<ServiceConfig> Services, LimitsConfig Limits)
{
    public AccessLogConfig AccessLog { get; init; } = AccessLogConfig.Off;

    /// <summary><c>proxy.metrics</c>: false stops the per-request metrics events (for benchmarks and debugging).</summary>
    public bool MetricsEnabled { get; init; } = true;

    /// <summary><see cref="ConfigHash"/> of the file this was loaded from; null when built in code.</summary>
    public string? SourceHash { get; init; }

    public TimeoutsConfig Timeouts { get; init; } = TimeoutsConfig.Default;

    public ShutdownConfig Shutdown { get; init; } = ShutdownConfig.Default;

    /// <summary><c>proxy.via</c>: the pseudonym in the Via entry the proxy adds to requests and responses.</summary>
    public string ViaPseudonym { get; init; } = Http.ViaField.DefaultPseudonym;

    /// <summary><c>proxy.rate_limit</c>, <c>max_connections_per_client</c>, <c>allow</c>, <c>deny</c>: defaults for every service.</summary>
    public ClientPolicyConfig ClientPolicy { get; init; } = ClientPolicyConfig.None;
}
