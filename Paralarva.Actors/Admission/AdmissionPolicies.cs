using System.Diagnostics;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Admission;

/// <summary>
/// Builds each service's <see cref="ServiceAdmission"/> from its configuration and the global defaults, and keeps the
/// state worth keeping across reloads (owned by the ProxyActor, used only from it). A service's in-progress counts are
/// kept for as long as the service exists, whatever its limit becomes, so requests admitted before a reload are still
/// counted after it. Its token buckets are kept while its effective <c>rate_limit</c> is unchanged; a changed rate or
/// burst starts a new table (every client with a full bucket): the old buckets' times are in the old interval.
/// </summary>
internal sealed class AdmissionPolicies(long frequency, int bucketCapacity = TokenBucketTable.DefaultCapacity)
{
    private Dictionary<string, ServiceAdmission?> _byService = new(StringComparer.Ordinal);
    private Dictionary<string, ConcurrencyTable> _connections = new(StringComparer.Ordinal);
    private Dictionary<string, TokenBucketTable> _buckets = new(StringComparer.Ordinal);

    public AdmissionPolicies()
        : this(Stopwatch.Frequency)
    {
    }

    /// <summary>Compiles every service's policy; services no longer listed lose their state.</summary>
    public void Update(IEnumerable<ServiceConfig> services, ClientPolicyConfig global)
    {
        var byService = new Dictionary<string, ServiceAdmission?>(StringComparer.Ordinal);
        var connections = new Dictionary<string, ConcurrencyTable>(StringComparer.Ordinal);
        var buckets = new Dictionary<string, TokenBucketTable>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var policy = ClientPolicyConfig.EffectiveFor(global, service.ClientPolicy);
            var counts = _connections.GetValueOrDefault(service.Name) ?? new ConcurrencyTable();
            connections[service.Name] = counts;
            if (policy.IsEmpty)
            {
                byService[service.Name] = null;
                continue;
            }

            TokenBucketTable? table = null;
            if (policy.RateLimit is { IsOff: false } rate)
            {
                table = _buckets.GetValueOrDefault(service.Name) is { } kept && kept.Config == rate
                    ? kept
                    : new TokenBucketTable(rate, frequency, bucketCapacity);
                buckets[service.Name] = table;
            }

            byService[service.Name] = new ServiceAdmission(policy, table, counts);
        }

        _byService = byService;
        _connections = connections;
        _buckets = buckets;
    }

    /// <summary>The service's policy; null when it has nothing to check (the request goes on untouched).</summary>
    public ServiceAdmission? For(string service) => _byService.GetValueOrDefault(service);
}
