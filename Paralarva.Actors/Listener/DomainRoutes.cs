using System.Collections.Frozen;

namespace Paralarva.Actors.Listener;

/// <summary>
/// The routes of one domain: path prefixes, longest first and segment-aligned, and the route that takes the rest.
/// Built once per configuration; a lookup allocates nothing.
/// </summary>
/// <remarks>
/// A prefix <c>/api</c> takes the path <c>/api</c> and every path that continues it with <c>/</c>: the candidates of a
/// path are therefore the path itself and each part of it that ends before a <c>/</c>, tried longest first in one
/// frozen dictionary (only at the lengths some prefix has). The path is matched as the bytes on the wire, before any
/// percent-decoding or dot-segment removal and case-sensitively, as HAProxy's <c>path_beg</c>: <c>/%61pi</c> is not
/// <c>/api</c>. The query never takes part. An empty path (absolute-form <c>http://host</c> or <c>http://host?q</c>)
/// is <c>/</c>, as nginx reads it; the asterisk-form <c>*</c> (OPTIONS) names no path and goes to the route that
/// takes the rest, as it did before paths existed.
/// </remarks>
internal sealed class DomainRoutes
{
    private readonly Route? _rest;
    private readonly FrozenDictionary<string, Route>.AlternateLookup<ReadOnlySpan<char>> _byPrefix;
    private readonly bool[] _prefixLengths;
    private readonly int _maxPrefixLength;

    public DomainRoutes(Route? rest, IReadOnlyDictionary<string, Route> byPrefix)
    {
        _rest = rest;
        var frozen = byPrefix.ToFrozenDictionary(StringComparer.Ordinal);
        _byPrefix = frozen.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var prefix in frozen.Keys)
            _maxPrefixLength = Math.Max(_maxPrefixLength, prefix.Length);
        _prefixLengths = new bool[_maxPrefixLength + 1];
        foreach (var prefix in frozen.Keys)
            _prefixLengths[prefix.Length] = true;
    }

    /// <summary>The route of <paramref name="target"/> (origin-form path and query, absolute-form path part, or <c>*</c>), or null.</summary>
    public Route? Find(ReadOnlySpan<byte> target)
    {
        if (_maxPrefixLength == 0 || target is [(byte)'*'])
            return _rest;

        var query = target.IndexOf((byte)'?');
        var path = query < 0 ? target : target[..query];
        if (path.IsEmpty)
            path = "/"u8;
        else if (path[0] != (byte)'/')
            return _rest;

        // One character past the longest prefix is enough to see whether a segment ends there.
        var length = Math.Min(path.Length, _maxPrefixLength + 1);
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
            chars[i] = (char)path[i];

        Route? route;
        if (path.Length <= _maxPrefixLength && _prefixLengths[path.Length] && _byPrefix.TryGetValue(chars, out route))
            return route;
        for (var end = length - 1; end > 0; end--)
        {
            if (chars[end] == '/' && _prefixLengths[end] && _byPrefix.TryGetValue(chars[..end], out route))
                return route;
        }

        return _prefixLengths[1] && _byPrefix.TryGetValue(chars[..1], out route) ? route : _rest;
    }
}
