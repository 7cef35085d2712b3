using System.Collections.Frozen;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Domain → its routes (<see cref="DomainRoutes"/>: path prefixes and the rest), built once per configuration.
/// Lookups take the Host and target bytes as they are on the wire and allocate nothing: the bytes are widened into
/// a stack buffer and matched through the frozen dictionaries' span lookups.
/// </summary>
internal sealed class RouteTable
{
    // DNS names are at most 253 characters; anything longer cannot match and is not worth widening.
    private const int MaxHostLength = 255;

    private readonly FrozenDictionary<string, DomainRoutes>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <param name="routesByDomain">Each route under its domain: with a <see cref="Route.PathPrefix"/>, or the one that takes the rest (at most one per domain).</param>
    public RouteTable(IEnumerable<KeyValuePair<string, Route>> routesByDomain)
    {
        var rest = new Dictionary<string, Route?>(StringComparer.OrdinalIgnoreCase);
        var prefixes = new Dictionary<string, Dictionary<string, Route>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (domain, route) in routesByDomain)
        {
            if (!prefixes.TryGetValue(domain, out var byPrefix))
            {
                prefixes[domain] = byPrefix = new Dictionary<string, Route>(StringComparer.Ordinal);
                rest[domain] = null;
            }

            if (route.PathPrefix is null)
            {
                if (rest[domain] is not null)
                    throw new ArgumentException("domain " + domain + " has two routes without a path prefix", nameof(routesByDomain));
                rest[domain] = route;
            }
            else if (!byPrefix.TryAdd(route.PathPrefix, route))
            {
                throw new ArgumentException("domain " + domain + " has two routes for " + route.PathPrefix, nameof(routesByDomain));
            }
        }

        var domains = new Dictionary<string, DomainRoutes>(prefixes.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (domain, byPrefix) in prefixes)
            domains[domain] = new DomainRoutes(rest[domain], byPrefix);
        var frozen = domains.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _lookup = frozen.GetAlternateLookup<ReadOnlySpan<char>>();
        Count = frozen.Count;
    }

    /// <summary>Domains routed.</summary>
    public int Count { get; }

    /// <summary>The route of a request for <c>/</c> on <paramref name="host"/>.</summary>
    public Route? Find(ReadOnlySpan<byte> host) => Find(host, "/"u8, out _);

    /// <summary>The route of <paramref name="target"/> on <paramref name="host"/>; null with <paramref name="hostKnown"/> false (no such domain) or true (no route for that path).</summary>
    public Route? Find(ReadOnlySpan<byte> host, ReadOnlySpan<byte> target, out bool hostKnown)
    {
        hostKnown = false;
        if (host.IsEmpty || host.Length > MaxHostLength)
            return null;

        Span<char> chars = stackalloc char[host.Length];
        for (var i = 0; i < host.Length; i++)
            chars[i] = (char)host[i];
        if (!_lookup.TryGetValue(chars, out var domain))
            return null;
        hostKnown = true;
        return domain.Find(target);
    }
}
