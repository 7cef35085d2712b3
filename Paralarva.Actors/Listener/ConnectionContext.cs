using Akka.Actor;
using Paralarva.Actors.Config;
using Paralarva.Actors.Metrics;
using Paralarva.Actors.Proxy;

namespace Paralarva.Actors.Listener;

/// <summary>What the ListenerActor hands every RequestActor it starts: immutable, shared by all connections.</summary>
internal sealed record ConnectionContext(RouteTable Routes, ProxyOptions Options, LimitsConfig Limits, IActorRef Metrics)
{
    /// <summary>Null when the access log is off.</summary>
    public AccessLog? AccessLog { get; init; }

    /// <summary>Client-side timeouts: request head, keep-alive idle, request body idle.</summary>
    public TimeoutsConfig Timeouts { get; init; } = TimeoutsConfig.Default;
}
