using System.Collections.Immutable;
using System.Text;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Config;

/// <summary>
/// A service's <c>request_headers</c> or <c>response_headers</c>: <c>set</c> replaces every field of a name with one,
/// <c>append</c> adds one, <c>remove</c> removes every field of a name (names case-insensitive). The rules see the head
/// as the proxy sends it, its own Via and X-Forwarded-* fields included (HAProxy's <c>http-request set-header</c>
/// order): <c>set: {X-Forwarded-Proto: https}</c> replaces the proxy's value, <c>remove: [Via]</c> removes its entry.
/// </summary>
/// <remarks>
/// Compiled once per configuration: the names whose fields are dropped as ASCII bytes, and the added field lines
/// (set, then append, in the order written) as one pre-encoded block the head writers copy as it is.
/// </remarks>
public sealed class HeaderRules : IEquatable<HeaderRules>
{
    private readonly byte[][] _dropped;
    private readonly byte[] _lines;

    public HeaderRules(
        ImmutableArray<KeyValuePair<string, string>> set, ImmutableArray<KeyValuePair<string, string>> append, ImmutableArray<string> remove)
    {
        Set = set;
        Append = append;
        Remove = remove;

        _dropped = new byte[set.Length + remove.Length][];
        var d = 0;
        foreach (var (name, _) in set)
            _dropped[d++] = Encoding.ASCII.GetBytes(name);
        foreach (var name in remove)
            _dropped[d++] = Encoding.ASCII.GetBytes(name);

        var lines = new StringBuilder();
        foreach (var (name, value) in set)
            lines.Append(name).Append(": ").Append(value).Append("\r\n");
        foreach (var (name, value) in append)
            lines.Append(name).Append(": ").Append(value).Append("\r\n");
        _lines = Encoding.ASCII.GetBytes(lines.ToString());

        foreach (var name in _dropped)
        {
            switch (FieldNames.Classify(name))
            {
                case FieldKind.Via:
                    DropsVia = true;
                    break;
                case FieldKind.XForwardedFor:
                    DropsForwardedFor = true;
                    break;
                case FieldKind.XForwardedProto:
                    DropsForwardedProto = true;
                    break;
                case FieldKind.XForwardedHost:
                    DropsForwardedHost = true;
                    break;
            }
        }
    }

    /// <summary>No rules: the head goes on as the proxy writes it.</summary>
    public static HeaderRules None { get; } = new([], [], []);

    public ImmutableArray<KeyValuePair<string, string>> Set { get; }

    public ImmutableArray<KeyValuePair<string, string>> Append { get; }

    public ImmutableArray<string> Remove { get; }

    public bool IsEmpty => _dropped.Length == 0 && _lines.Length == 0;

    /// <summary>The fields added after the head's own: <c>Name: value CRLF</c> for each set, then each append.</summary>
    internal ReadOnlySpan<byte> Lines => _lines;

    internal bool DropsAny => _dropped.Length > 0;

    /// <summary>The proxy's own field of that name is replaced or removed.</summary>
    internal bool DropsVia { get; }

    internal bool DropsForwardedFor { get; }

    internal bool DropsForwardedProto { get; }

    internal bool DropsForwardedHost { get; }

    /// <summary>True when a field named <paramref name="name"/> is replaced (set) or removed: it is not copied.</summary>
    internal bool Drops(ReadOnlySpan<byte> name)
    {
        foreach (var dropped in _dropped)
        {
            if (dropped.Length == name.Length && FieldNames.Is(name, dropped))
                return true;
        }

        return false;
    }

    public bool Equals(HeaderRules? other) =>
        other is not null && SamePairs(Set, other.Set) && SamePairs(Append, other.Append) && Remove.AsSpan().SequenceEqual(other.Remove.AsSpan());

    public override bool Equals(object? obj) => Equals(obj as HeaderRules);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var (name, value) in Set)
            hash.Add(name + ":" + value);
        foreach (var (name, value) in Append)
            hash.Add(name + "+" + value);
        foreach (var name in Remove)
            hash.Add(name);
        return hash.ToHashCode();
    }

    public override string ToString() =>
        "set " + Set.Length + ", append " + Append.Length + ", remove " + Remove.Length;

    private static bool SamePairs(ImmutableArray<KeyValuePair<string, string>> a, ImmutableArray<KeyValuePair<string, string>> b)
    {
        if (a.Length != b.Length)
            return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Key, b[i].Key, StringComparison.Ordinal) || !string.Equals(a[i].Value, b[i].Value, StringComparison.Ordinal))
                return false;
        }

        return true;
    }
}
