using System.Net;
using System.Net.Sockets;

namespace Paralarva.Actors.Config;

/// <summary>
/// Parses <c>allow</c>/<c>deny</c> entries: <c>10.0.0.0/8</c>, <c>2001:db8::/32</c>, or a plain address (a /32 or
/// /128). Addresses follow <see cref="IpAddressSyntax"/> (strict dotted quads); the prefix is 0-32 for IPv4 and
/// 0-128 for IPv6, written in decimal without leading zeros. Host bits set below the prefix (<c>10.1.2.3/8</c>) are
/// cleared, as nginx does (it only warns "low address bits ... are meaningless").
/// </summary>
internal static class CidrSyntax
{
    /// <summary>Null on success with <paramref name="block"/> set; else what is wrong, for the operator.</summary>
    public static string? Check(string text, out CidrBlock block)
    {
        block = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        // A zone (fe80::1%eth0) names an interface, not a network.
        if (addressText.Contains('%') || !IpAddressSyntax.TryParse(addressText, out var address))
            return "'" + text + "' is not an address or CIDR block (such as 10.0.0.0/8 or 2001:db8::/32)";

        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        var maxPrefix = v4 ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0)
        {
            var prefixText = text.AsSpan(slash + 1);
            if (!TryParsePrefix(prefixText, out prefix) || prefix > maxPrefix)
                return "'" + text + "' has a bad prefix length; expected 0-" + maxPrefix + " after the '/'";
        }

        var value = ToKey(address);
        var length = v4 ? prefix + 96 : prefix;
        var network = value & CidrBlock.Mask(length);
        block = new CidrBlock(network, length, IpAddressSyntax.Canonical(FromKey(network, v4)) + "/" + prefix);
        return null;
    }

    /// <summary>An address as a 128-bit key; IPv4 as its IPv4-mapped IPv6 form.</summary>
    public static UInt128 ToKey(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            bytes[10] = 0xff;
            bytes[11] = 0xff;
            address.TryWriteBytes(bytes[12..], out _);
        }
        else
        {
            address.TryWriteBytes(bytes, out _);
        }

        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static IPAddress FromKey(UInt128 key, bool v4)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, key);
        return v4 ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
    }

    private static bool TryParsePrefix(ReadOnlySpan<char> text, out int prefix)
    {
        prefix = 0;
        if (text.IsEmpty || text.Length > 3 || (text[0] == '0' && text.Length > 1))
            return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
                return false;
            prefix = prefix * 10 + (c - '0');
        }

        return true;
    }
}
