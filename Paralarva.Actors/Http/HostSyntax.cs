using System.Buffers;

namespace Paralarva.Actors.Http;

/// <summary>
/// Validates <c>uri-host [ ":" port ]</c> (RFC 3986 section 3.2.2, as RFC 9112 section 3.2 requires of Host):
/// a reg-name (which also covers IPv4 addresses) or a bracketed IPv6 address; IPvFuture and zone ids are refused.
/// </summary>
internal static class HostSyntax
{
    /// <summary>unreserved, sub-delims and the '%' of pct-encoded.</summary>
    private static readonly SearchValues<byte> RegName = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=%"u8);

    /// <summary>
    /// The length of the host part of <paramref name="authority"/> (the port stripped, IPv6 brackets kept), or -1
    /// when it is not a valid host and optional port. An empty authority is an empty reg-name, which RFC 9112
    /// section 3.2 allows in Host; the port, when a colon is present, is empty (RFC 3986's <c>port = *DIGIT</c>: the
    /// scheme's default, RFC 9110 section 4.2.3, as nginx and HAProxy read it) or up to 5 digits no greater than 65535.
    /// </summary>
    public static int HostLength(ReadOnlySpan<byte> authority)
    {
        int hostLength;
        if (authority is [(byte)'[', ..])
        {
            hostLength = authority.IndexOf((byte)']') + 1;
            if (hostLength <= 0 || !IsIPv6(authority[1..(hostLength - 1)]))
                return -1;
        }
        else
        {
            hostLength = authority.IndexOf((byte)':');
            if (hostLength < 0)
                hostLength = authority.Length;
            if (!IsRegName(authority[..hostLength]))
                return -1;
        }

        var rest = authority[hostLength..];
        if (rest.IsEmpty)
            return hostLength;
        return rest[0] == (byte)':' && IsPort(rest[1..]) ? hostLength : -1;
    }

    private static bool IsRegName(ReadOnlySpan<byte> host)
    {
        if (host.IndexOfAnyExcept(RegName) >= 0)
            return false;
        for (var i = host.IndexOf((byte)'%'); i >= 0; i = NextPercent(host, i + 3))
        {
            if (i + 2 >= host.Length || HttpChars.HexValue(host[i + 1]) < 0 || HttpChars.HexValue(host[i + 2]) < 0)
                return false;
        }

        return true;
    }

    private static int NextPercent(ReadOnlySpan<byte> host, int from)
    {
        if (from >= host.Length)
            return -1;
        var next = host[from..].IndexOf((byte)'%');
        return next < 0 ? -1 : from + next;
    }

    private static bool IsPort(ReadOnlySpan<byte> port)
    {
        if (port.IsEmpty)
            return true;
        if (port.Length > 5)
            return false;
        var value = FramingFields.ParseDigits(port);
        return value is >= 0 and <= 65535;
    }

    /// <summary>RFC 3986 IPv6address: up to eight 1-4 hex digit groups, one "::" at most, optionally an IPv4 tail.</summary>
    private static bool IsIPv6(ReadOnlySpan<byte> s)
    {
        if (s.Length < 2)
            return false;
        var groups = 0;
        var compressed = false;
        var i = 0;
        if (s[0] == (byte)':')
        {
            if (s[1] != (byte)':')
                return false;
            compressed = true;
            i = 2;
        }

        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && i - start < 5 && HttpChars.HexValue(s[i]) >= 0)
                i++;
            if (i < s.Length && s[i] == (byte)'.')
            {
                // The dotted tail fills the last 32 bits, so it must end the address.
                if (!IsIPv4(s[start..]))
                    return false;
                groups += 2;
                break;
            }

            if (i - start is 0 or > 4)
                return false;
            groups++;
            if (i == s.Length)
                break;
            if (s[i] != (byte)':' || ++i == s.Length)
                return false;
            if (s[i] != (byte)':')
                continue;
            if (compressed)
                return false;
            compressed = true;
            i++;
        }

        return compressed ? groups <= 7 : groups == 8;
    }

    /// <summary>Four dec-octets (0-255, no leading zeros) separated by dots.</summary>
    private static bool IsIPv4(ReadOnlySpan<byte> s)
    {
        for (var octet = 0; octet < 4; octet++)
        {
            var end = octet < 3 ? s.IndexOf((byte)'.') : s.Length;
            if (end < 0)
                return false;
            var digits = s[..end];
            if (digits.Length is 0 or > 3 || (digits.Length > 1 && digits[0] == (byte)'0'))
                return false;
            var value = FramingFields.ParseDigits(digits);
            if (value is < 0 or > 255)
                return false;
            s = octet < 3 ? s[(end + 1)..] : default;
        }

        return true;
    }
}
