using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Paralarva.Actors.Config;

/// <summary>
/// Strict IP address literals: a dotted quad for IPv4, or an IPv6 address.
/// </summary>
/// <remarks>
/// <see cref="IPAddress.TryParse(string, out IPAddress)"/> follows <c>inet_aton</c> and accepts
/// <c>1</c> (0.0.0.1), <c>127.1</c> (127.0.0.1) and <c>0x7f.1</c>: in a configuration file those are
/// almost always typos, so IPv4 must be four decimal parts of 0-255 without leading zeros (which
/// <c>inet_aton</c> reads as octal).
/// </remarks>
internal static class IpAddressSyntax
{
    public static bool TryParse(string text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.Contains(':'))
        {
            // IPv6; brackets belong in URLs and Host headers, not in an address setting.
            if (text.Contains('[') || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                return false;
            address = v6;
            return true;
        }

        return TryParseDottedQuad(text, out address);
    }

    /// <summary>The canonical text of an address (IPv6 compressed and lower-cased), used as its identity.</summary>
    public static string Canonical(IPAddress address) => address.ToString();

    private static bool TryParseDottedQuad(string text, out IPAddress address)
    {
        address = IPAddress.None;
        var parts = text.Split('.');
        if (parts.Length != 4)
            return false;

        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            var part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0'))
                return false;
            foreach (var c in part)
            {
                if (!char.IsAsciiDigit(c))
                    return false;
            }

            var value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
            if (value > 255)
                return false;
            bytes[i] = (byte)value;
        }

        address = new IPAddress(bytes);
        return true;
    }
}
