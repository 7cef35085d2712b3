using System.Globalization;

namespace Paralarva.Actors.Http;

/// <summary>Reads one cookie out of a <c>Cookie</c> field value (RFC 6265 section 4.2.1) as spans, without allocating.</summary>
internal static class CookieValue
{
    /// <summary>
    /// The value of the cookie named <paramref name="name"/> (case-sensitive, as cookie names are) in
    /// <paramref name="field"/> (<c>a=1; b=2</c>), without surrounding double quotes; false when it is not there.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<byte> field, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        while (!field.IsEmpty)
        {
            var end = field.IndexOf((byte)';');
            var pair = end < 0 ? field : field[..end];
            field = end < 0 ? default : field[(end + 1)..];
            var equals = pair.IndexOf((byte)'=');
            if (equals < 0 || !HttpChars.TrimOws(pair[..equals]).SequenceEqual(name))
                continue;
            value = HttpChars.TrimOws(pair[(equals + 1)..]);
            if (value.Length >= 2 && value[0] == (byte)'"' && value[^1] == (byte)'"')
                value = value[1..^1];
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>An affinity id as <see cref="AffinityCookie"/> writes it: exactly 16 hex digits, not 0.</summary>
    public static bool TryParseId(ReadOnlySpan<byte> value, out ulong id)
    {
        id = 0;
        return value.Length == 16
            && ulong.TryParse(value, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id)
            && id != 0;
    }
}
