using Akka.Actor;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;

namespace Paralarva.Actors.Listener;

/// <summary>
/// What the ListenerActor hands every RequestActor it starts: immutable, shared by all connections,
/// except the route table inside <see cref="RouteTableHolder"/>, which a reload swaps for all of them.
/// </summary>
internal sealed record ConnectionContext(RouteTableHolder Routes, ProxyOptions Options, LimitsConfig Limits, IActorRef Metrics)
{
    /// <summary>Null when the access log is off.</summary>
    public AccessLog? AccessLog { get; init; }

    /// <summary>False when <c>proxy.metrics: off</c>: no per-request events reach the MetricsActor.</summary>
    public bool RecordMetrics { get; init; } = true;

    /// <summary>Client-side timeouts: request head, keep-alive idle, request body idle.</summary>
    public TimeoutsConfig Timeouts { get; init; } = TimeoutsConfig.Default;

    /// <summary>
    /// A WebSocket or other upgraded tunnel with no byte either way for this long is closed. Long, as HAProxy's
    /// usual <c>timeout tunnel 1h</c>: tunnels are idle by nature, and their own pings keep the live ones busy.
    /// </summary>
    public TimeSpan TunnelIdleTimeout { get; init; } = DefaultTunnelIdleTimeout;

    /// <summary>The Via entry added to forwarded requests and responses (<c>proxy.via</c>).</summary>
    public ViaField Via { get; init; } = ViaField.Default;

    /// <summary>Where connections take and give back their exchanges' parts (tests pass their own to observe it).</summary>
    public ExchangePartsPool PartsPool { get; init; } = ExchangePartsPool.Shared;

    public static readonly TimeSpan DefaultTunnelIdleTimeout = TimeSpan.FromHours(1);
}
