using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>The whole validated configuration file (the <c>proxy:</c> section).</summary>
public sealed record ProxyConfig(ListenConfig Listen, ImmutableArray<ServiceConfig> Services, LimitsConfig Limits)
{
    public AccessLogConfig AccessLog { get; init; } = AccessLogConfig.Off;

    public TimeoutsConfig Timeouts { get; init; } = TimeoutsConfig.Default;
}
