using Akka.Actor;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Where requests for one domain (and path prefix) go: the service's name (for metrics and logs), its balancer, and
/// what the forwarded heads get. A service with several prefixes has one route per prefix, built once per configuration.
/// </summary>
internal sealed record Route(string Service, IActorRef Balancer)
{
    /// <summary>The service's <c>max_retries</c>: extra attempts on other members.</summary>
    public int MaxRetries { get; init; } = ServiceConfig.DefaultMaxRetries;

    /// <summary>The service's <c>upgrade_protocols</c>: only these are forwarded as upgrades.</summary>
    public UpgradeProtocols UpgradeProtocols { get; init; } = UpgradeProtocols.Default;

    /// <summary>The path prefix this route takes within its domain; null: every path no prefix of the domain takes.</summary>
    public string? PathPrefix { get; init; }

    /// <summary>Bytes removed from the front of the forwarded path (<c>strip_path_prefix</c>): the prefix's length, 0 for none or "/".</summary>
    public int StripLength { get; init; }

    /// <summary>The service's <c>request_headers</c>.</summary>
    public HeaderRules RequestHeaders { get; init; } = HeaderRules.None;

    /// <summary>The service's <c>response_headers</c>.</summary>
    public HeaderRules ResponseHeaders { get; init; } = HeaderRules.None;

    /// <summary>The service's session affinity (<c>consistent_hash</c> key, affinity cookie), or null: none.</summary>
    public AffinityPolicy? Affinity { get; init; }

    /// <summary>The service's access lists and per-client limits; null when it has none.</summary>
    public Admission.ServiceAdmission? Admission { get; init; }

    /// <summary>The routes of <paramref name="service"/>: one per path prefix, or one for the rest of its domain.</summary>
    public static IEnumerable<KeyValuePair<string, Route>> Of(
        ServiceConfig service, IActorRef balancer, AffinityPolicy? affinity = null, Admission.ServiceAdmission? admission = null)
    {
        var route = new Route(service.Name, balancer)
        {
            MaxRetries = service.MaxRetries,
            UpgradeProtocols = service.UpgradeProtocols,
            RequestHeaders = service.RequestHeaders,
            ResponseHeaders = service.ResponseHeaders,
            Affinity = affinity,
            Admission = admission,
        };
        if (service.Paths.IsNone)
        {
            yield return new(service.Domain, route);
            yield break;
        }

        foreach (var prefix in service.Paths.Prefixes)
        {
            var strip = service.StripPathPrefix && prefix.Length > 1 ? prefix.Length : 0;
            yield return new(service.Domain, route with { PathPrefix = prefix, StripLength = strip });
        }
    }
}
