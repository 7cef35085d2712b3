using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>
/// A service's <c>paths</c>: the path prefixes it is routed by within its domain, segment-aligned (<c>/api</c> takes
/// <c>/api</c>, <c>/api/x</c> and <c>/api?q</c>, not <c>/apix</c>), longest first among the services of a domain.
/// <see cref="None"/> (no <c>paths</c> key): the service takes every path no other service of its domain claims.
/// </summary>
/// <remarks>Compared by value, so that a reload that leaves the list as it is does not count as a change.</remarks>
public sealed class PathPrefixes : IEquatable<PathPrefixes>
{
    /// <summary>Longest prefix accepted; also bounds the stack buffer a lookup widens the path into.</summary>
    public const int MaxLength = 1024;

    public PathPrefixes(ImmutableArray<string> prefixes) => Prefixes = prefixes;

    /// <summary>No <c>paths</c>: the service owns the rest of its domain.</summary>
    public static PathPrefixes None { get; } = new([]);

    /// <summary>In the order written, without duplicates; each starts with '/' and has no trailing '/' (but "/" itself).</summary>
    public ImmutableArray<string> Prefixes { get; }

    public bool IsNone => Prefixes.IsEmpty;

    public bool Equals(PathPrefixes? other) =>
        other is not null && Prefixes.AsSpan().SequenceEqual(other.Prefixes.AsSpan());

    public override bool Equals(object? obj) => Equals(obj as PathPrefixes);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var prefix in Prefixes)
            hash.Add(prefix);
        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", Prefixes) + "]";
}
