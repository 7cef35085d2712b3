using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// Reads <c>rate_limit: { requests_per_second: N, burst: M }</c> (or <c>rate_limit: off</c>). The rate is a positive
/// decimal number (0.01-1000000: <c>0.5</c> is one request every two seconds); <c>burst</c> is a whole number
/// 1-1000000 and defaults to the rate rounded up.
/// </summary>
internal static class RateLimitReader
{
    public const string Key = "rate_limit";
    private const string RateKey = "requests_per_second";
    private const string BurstKey = "burst";

    private static readonly string[] Keys = [RateKey, BurstKey];

    /// <summary>Null when absent; <see cref="RateLimitConfig.Off"/> for <c>off</c>; <paramref name="valid"/> false on a problem.</summary>
    public static RateLimitConfig? Read(MappingReader parent, ConfigErrors errors, out bool valid)
    {
        valid = true;
        var node = parent.Optional(Key);
        if (node is null || YamlNodes.IsNull(node))
            return null;
        var path = parent.PathOf(Key);
        if (node is YamlScalarNode { Value: "off" or "false" })
            return RateLimitConfig.Off;

        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping with requests_per_second (and burst), or off");
        if (mapping is null)
        {
            valid = false;
            return null;
        }

        var reader = new MappingReader(mapping, path, errors, Keys);
        var rateNode = reader.Required(RateKey);
        var rate = rateNode is null ? null : ReadRate(rateNode, reader.PathOf(RateKey), errors);
        var burstNode = reader.Optional(BurstKey);
        int? burst = burstNode is null
            ? rate is null ? null : (int)Math.Max(1, Math.Ceiling(rate.Value))
            : IntegerReader.Read(burstNode, reader.PathOf(BurstKey), errors, BurstKey, 1, RateLimitConfig.MaxBurst);
        if (rate is null || burst is null)
        {
            valid = false;
            return null;
        }

        return new RateLimitConfig(rate.Value, burst.Value);
    }

    private static double? ReadRate(YamlNode node, string path, ConfigErrors errors)
    {
        var text = YamlNodes.AsText(node, path, errors, "a number of requests per second");
        if (text is null)
            return null;
        if (!IsDecimal(text) || !double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate))
        {
            errors.Add(path, node, RateKey + " must be a number such as 10 or 0.5, found '" + text + "'");
            return null;
        }

        if (rate < RateLimitConfig.MinRequestsPerSecond || rate > RateLimitConfig.MaxRequestsPerSecond)
        {
            errors.Add(path, node, RateKey + " " + text + " is outside 0.01-1000000");
            return null;
        }

        return rate;
    }

    /// <summary>Digits with at most one decimal point inside, no leading zero before other digits (YAML's octal).</summary>
    private static bool IsDecimal(string text)
    {
        var point = text.IndexOf('.');
        var whole = point < 0 ? text.AsSpan() : text.AsSpan(0, point);
        var fraction = point < 0 ? ReadOnlySpan<char>.Empty : text.AsSpan(point + 1);
        if (whole.IsEmpty || (whole[0] == '0' && whole.Length > 1) || (point >= 0 && fraction.IsEmpty) || text.Length > 20)
            return false;
        foreach (var c in whole)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }

        foreach (var c in fraction)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }

        return true;
    }
}
