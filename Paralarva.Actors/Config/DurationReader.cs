using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// Reads time settings (timeouts, intervals). Written as nginx and HAProxy users write them:
/// <c>250ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>; a bare number means seconds, as the original's
/// <c>--timeout</c> does.
/// </summary>
internal static class DurationReader
{
    /// <summary>The value if it is a duration within [<paramref name="min"/>, <paramref name="max"/>], else null (reported).</summary>
    public static TimeSpan? Read(YamlNode node, string path, ConfigErrors errors, string name, TimeSpan min, TimeSpan max)
    {
        var text = YamlNodes.AsText(node, path, errors, "a duration such as 5s or 250ms");
        if (text is null)
            return null;

        if (!TryParse(text, out var value))
        {
            errors.Add(path, node, name + " must be a duration such as 5s, 250ms or 2m, found '" + text + "'");
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(path, node, name + " " + text + " is outside " + Format(min) + "-" + Format(max));
            return null;
        }

        return value;
    }

    /// <summary>Reads an optional key of <paramref name="reader"/>; absent means <paramref name="defaultValue"/>.</summary>
    public static TimeSpan? ReadOptional(MappingReader reader, string key, ConfigErrors errors, TimeSpan min, TimeSpan max, TimeSpan defaultValue)
    {
        var node = reader.Optional(key);
        return node is null ? defaultValue : Read(node, reader.PathOf(key), errors, key, min, max);
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var span = text.AsSpan().Trim();
        var unitStart = span.Length;
        while (unitStart > 0 && char.IsAsciiLetter(span[unitStart - 1]))
            unitStart--;

        var number = span[..unitStart];
        var unit = span[unitStart..];
        double scale;
        switch (unit)
        {
            case "ms": scale = 0.001; break;
            case "" or "s": scale = 1; break;
            case "m": scale = 60; break;
            case "h": scale = 3600; break;
            default: return false;
        }

        if (number.IsEmpty || !char.IsAsciiDigit(number[0])
            || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            return false;
        var seconds = amount * scale;
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            return false;
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>The shortest natural way to write <paramref name="value"/> in the config's own syntax.</summary>
    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds < 1000 || value.Milliseconds != 0
            ? ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms"
            : value.TotalSeconds % 3600 == 0 ? (value.TotalSeconds / 3600).ToString(CultureInfo.InvariantCulture) + "h"
            : value.TotalSeconds % 60 == 0 ? (value.TotalSeconds / 60).ToString(CultureInfo.InvariantCulture) + "m"
            : value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s";
}
