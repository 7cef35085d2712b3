using Akka.Actor;

namespace Paralarva.Actors.Listener;

/// <summary>Where requests for one domain go: the service's name (for metrics and logs) and its balancer.</summary>
internal sealed record Route(string Service, IActorRef Balancer)
{
    /// <summary>The service's <c>max_retries</c>: extra attempts on other members.</summary>
    public int MaxRetries { get; init; } = Config.ServiceConfig.DefaultMaxRetries;

    /// <summary>The service's <c>upgrade_protocols</c>: only these are forwarded as upgrades.</summary>
    public Config.UpgradeProtocols UpgradeProtocols { get; init; } = Config.UpgradeProtocols.Default;

    /// <summary>The service's session affinity (<c>consistent_hash</c> key, affinity cookie), or null: none.</summary>
    public AffinityPolicy? Affinity { get; init; }

    /// <summary>The service's access lists and per-client limits; null when it has none.</summary>
    public Admission.ServiceAdmission? Admission { get; init; }
}
