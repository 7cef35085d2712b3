using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// Reads <c>proxy.services</c>: every service, its members, and the rules that span services
/// (names unique, since actors are named by service; a domain shared only by services told apart by their paths).
/// </summary>
internal sealed class ServiceListReader
{
    private const string MaxRetriesKey = "max_retries";
    private const string WhenAllMembersDownKey = "when_all_members_down";
    private const string OutlierDetectionKey = "outlier_detection";
    private const string DnsRefreshIntervalKey = "dns_refresh_interval";

    /// <summary>The longest sensible retry chain: every attempt may wait a whole timeout.</summary>
    private const int MaxRetriesLimit = 10;

    private static readonly string[] Keys =
    [
        "name", "domain", "hosts", "strategy",
        MaxRetriesKey, WhenAllMembersDownKey, OutlierDetectionKey, DnsRefreshIntervalKey, HealthCheckReader.Key,
        UpgradeProtocolsReader.Key, .. ClientPolicyReader.Keys, .. ServiceRoutingReader.Keys,
        AffinityReader.HashKeyKey, AffinityReader.Key,
    ];

    private static readonly TimeSpan MinDnsRefreshInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDnsRefreshInterval = TimeSpan.FromHours(24);

    private readonly ConfigErrors _errors;
    private readonly Dictionary<string, string> _pathByName = new(StringComparer.Ordinal);
    private readonly DomainRoutesChecker _domains;

    private ServiceListReader(ConfigErrors errors)
    {
        _errors = errors;
        _domains = new DomainRoutesChecker(errors);
    }

    public static ImmutableArray<ServiceConfig>? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        if (node is null)
            return null;
        if (YamlNodes.IsNull(node) || node is YamlSequenceNode { Children.Count: 0 })
        {
            errors.Add(path, node, "no services defined; at least one is required");
            return null;
        }

        var sequence = YamlNodes.AsSequence(node, path, errors, "a list of services");
        if (sequence is null)
            return null;

        var reader = new ServiceListReader(errors);
        var services = ImmutableArray.CreateBuilder<ServiceConfig>(sequence.Children.Count);
        var complete = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var service = reader.ReadService(sequence.Children[i], ConfigPath.Item(path, i));
            if (service is null)
                complete = false;
            else
                services.Add(service);
        }

        return complete ? services.MoveToImmutable() : null;
    }

    private ServiceConfig? ReadService(YamlNode node, string path)
    {
        var mapping = YamlNodes.AsMapping(node, path, _errors, "a service mapping with name, domain and hosts");
        if (mapping is null)
            return null;

        var reader = new MappingReader(mapping, path, _errors, Keys);
        var name = ReadName(reader);
        var domain = ReadDomain(reader);
        var hosts = MemberListReader.Read(reader.Required("hosts"), reader.PathOf("hosts"), _errors);
        var strategy = ReadStrategy(reader);
        var resilience = ReadResilience(reader);
        var dnsRefresh = DurationReader.ReadOptional(reader, DnsRefreshIntervalKey, _errors,
            MinDnsRefreshInterval, MaxDnsRefreshInterval, ServiceConfig.DefaultDnsRefreshInterval);
        var healthCheck = HealthCheckReader.Read(reader, _errors, out var healthCheckValid);
        var upgrades = UpgradeProtocolsReader.Read(reader, _errors);
        var affinity = AffinityReader.Read(reader, strategy, _errors);
        var clientPolicy = ClientPolicyReader.Read(reader, _errors);
        var routing = ServiceRoutingReader.Read(reader, domain, _domains, _errors);

        return name is null || domain is null || hosts is null || strategy is null || resilience is null || dnsRefresh is null || !healthCheckValid
            || upgrades is null || affinity is null || clientPolicy is null || routing is null
            ? null
            : routing(resilience(new ServiceConfig(name, domain, hosts.Value, strategy)
            {
                DnsRefreshInterval = dnsRefresh.Value, HealthCheck = healthCheck, UpgradeProtocols = upgrades,
                Affinity = affinity, ClientPolicy = clientPolicy,
            }));
    }

    /// <summary>Retries, all-members-down policy and outlier detection, applied to the service once it is whole.</summary>
    private Func<ServiceConfig, ServiceConfig>? ReadResilience(MappingReader reader)
    {
        var retriesNode = reader.Optional(MaxRetriesKey);
        var retries = retriesNode is null
            ? ServiceConfig.DefaultMaxRetries
            : IntegerReader.Read(retriesNode, reader.PathOf(MaxRetriesKey), _errors, MaxRetriesKey, 0, MaxRetriesLimit);
        var allDown = ReadAllMembersDown(reader);
        var outliers = OutlierDetectionReader.Read(reader.Optional(OutlierDetectionKey), reader.PathOf(OutlierDetectionKey), _errors);
        if (retries is null || allDown is null || outliers is null)
            return null;
        return service => service with { MaxRetries = retries.Value, WhenAllMembersDown = allDown.Value, OutlierDetection = outliers };
    }

    private AllMembersDownPolicy? ReadAllMembersDown(MappingReader reader)
    {
        var node = reader.Optional(WhenAllMembersDownKey);
        if (node is null || YamlNodes.IsNull(node))
            return AllMembersDownPolicy.Reject;
        var path = reader.PathOf(WhenAllMembersDownKey);
        switch (YamlNodes.AsText(node, path, _errors, "reject or panic"))
        {
            case null:
                return null;
            case "reject":
                return AllMembersDownPolicy.Reject;
            case "panic":
                return AllMembersDownPolicy.Panic;
            case var other:
                _errors.Add(path, node, "unknown " + WhenAllMembersDownKey + " '" + other + "'; expected one of: reject, panic");
                return null;
        }
    }

    private string? ReadName(MappingReader reader)
    {
        var node = reader.Required("name");
        if (node is null)
            return null;
        var path = reader.PathOf("name");
        var name = YamlNodes.AsText(node, path, _errors, "a service name");
        if (name is null)
            return null;
        if (string.IsNullOrWhiteSpace(name))
        {
            _errors.Add(path, node, "service name must not be blank");
            return null;
        }

        return Unique(_pathByName, name, reader.Path, path, node, "service name") ? name : null;
    }

    private string? ReadDomain(MappingReader reader)
    {
        var node = reader.Required("domain");
        if (node is null)
            return null;
        var path = reader.PathOf("domain");
        var text = YamlNodes.AsText(node, path, _errors, "a host name");
        if (text is null)
            return null;

        var problem = DomainSyntax.Check(text, out var domain);
        if (problem is not null)
        {
            _errors.Add(path, node, problem);
            return null;
        }

        // Shared domains (services with paths) are checked with the paths: DomainRoutesChecker, after lower-casing,
        // since Host matching is case-insensitive and A.com and a.com are one domain.
        return domain;
    }

    private string? ReadStrategy(MappingReader reader)
    {
        var node = reader.Optional("strategy");
        if (node is null || YamlNodes.IsNull(node))
            return StrategyNames.Default;
        var path = reader.PathOf("strategy");
        var strategy = YamlNodes.AsText(node, path, _errors, "a strategy name");
        if (strategy is null)
            return null;
        if (StrategyNames.All.Contains(strategy))
            return strategy;

        _errors.Add(path, node, "unknown strategy '" + strategy + "'; expected one of: " + string.Join(", ", StrategyNames.All));
        return null;
    }

    private bool Unique(Dictionary<string, string> seen, string value, string servicePath, string path, YamlNode node, string what)
    {
        if (seen.TryAdd(value, servicePath))
            return true;
        _errors.Add(path, node, "duplicate " + what + " '" + value + "' (already used by " + seen[value] + ")");
        return false;
    }
}
