using System.Collections.Immutable;
using System.Text;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Config;

/// <summary>
/// A service's <c>upgrade_protocols</c>: the protocols a client may switch to through the proxy (RFC 9110
/// section 7.8). Any other offer is removed and the request goes on as plain HTTP/1.1: above all <c>h2c</c>,
/// whose tunnel would carry every later request on the connection past the proxy's routing and limits
/// (h2c smuggling). Names compare case-insensitively and without the version (<c>websocket</c> allows
/// <c>WebSocket</c>; <c>h2c</c> would allow <c>h2c/1</c>); built once per configuration, matched without allocating.
/// </summary>
public sealed class UpgradeProtocols : IEquatable<UpgradeProtocols>
{
    public const string WebSocket = "websocket";

    private readonly byte[][] _names;

    public UpgradeProtocols(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var name in names)
        {
            var lower = name.ToLowerInvariant();
            if (!builder.Contains(lower))
                builder.Add(lower);
        }

        Names = builder.ToImmutable();
        _names = new byte[Names.Length][];
        for (var i = 0; i < Names.Length; i++)
            _names[i] = Encoding.ASCII.GetBytes(Names[i]);
    }

    /// <summary>WebSocket only, as nginx configurations and YARP's defaults allow in practice.</summary>
    public static UpgradeProtocols Default { get; } = new([WebSocket]);

    /// <summary>Lower-cased, without duplicates, in the order given.</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>True when at least one protocol offered in <paramref name="upgrade"/> (an Upgrade field value) is allowed.</summary>
    public bool AllowsAny(ReadOnlySpan<byte> upgrade)
    {
        var list = new CommaList(upgrade);
        while (list.MoveNext(out var protocol))
        {
            if (Allows(protocol))
                return true;
        }

        return false;
    }

    /// <summary>True when the protocol token (<c>name</c> or <c>name/version</c>) is allowed.</summary>
    public bool Allows(ReadOnlySpan<byte> protocol)
    {
        var slash = protocol.IndexOf((byte)'/');
        var name = slash < 0 ? protocol : protocol[..slash];
        foreach (var allowed in _names)
        {
            if (FieldNames.Is(name, allowed))
                return true;
        }

        return false;
    }

    public bool Equals(UpgradeProtocols? other) =>
        other is not null && Names.AsSpan().SequenceEqual(other.Names.AsSpan());

    public override bool Equals(object? obj) => Equals(obj as UpgradeProtocols);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var name in Names)
            hash.Add(name);
        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", Names) + "]";
}
