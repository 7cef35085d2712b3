using System.Collections.Frozen;

namespace Paralarva.Actors.Listener;

/// <summary>
/// Domain → route, built once per configuration. Lookups take the Host bytes as they are on the
/// wire and allocate nothing: the bytes are widened into a stack buffer and matched through the
/// frozen dictionary's span lookup.
/// </summary>
internal sealed class RouteTable
{
    // DNS names are at most 253 characters; anything longer cannot match and is not worth widening.
    private const int MaxHostLength = 255;

    private readonly FrozenDictionary<string, Route>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public RouteTable(IEnumerable<KeyValuePair<string, Route>> routesByDomain)
    {
        var routes = routesByDomain.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _lookup = routes.GetAlternateLookup<ReadOnlySpan<char>>();
        Count = routes.Count;
    }

    public int Count { get; }

    public Route? Find(ReadOnlySpan<byte> host)
    {
        if (host.IsEmpty || host.Length > MaxHostLength)
            return null;

        Span<char> chars = stackalloc char[host.Length];
        for (var i = 0; i < host.Length; i++)
            chars[i] = (char)host[i];
        return _lookup.TryGetValue(chars, out var route) ? route : null;
    }
}
