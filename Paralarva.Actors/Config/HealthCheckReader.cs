using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads a service's optional <c>health_check</c> mapping; only <c>path</c> is required in it.</summary>
internal static class HealthCheckReader
{
    public const string Key = "health_check";

    private static readonly string[] Keys = ["path", "interval", "timeout", "healthy_threshold", "unhealthy_threshold"];

    // Below 100 ms a check is a load test of the member; above an hour it no longer notices anything.
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private const int MaxThreshold = 100;

    /// <summary>
    /// The check, or null with <paramref name="valid"/> true when the key is absent (no active checks),
    /// or null with <paramref name="valid"/> false when something in it is wrong (reported).
    /// </summary>
    public static HealthCheckConfig? Read(MappingReader service, ConfigErrors errors, out bool valid)
    {
        valid = true;
        var node = service.Optional(Key);
        if (node is null)
            return null;
        var path = service.PathOf(Key);
        var mapping = YamlNodes.AsMapping(node, path, errors, "a health_check mapping with at least a path");
        if (mapping is null)
        {
            valid = false;
            return null;
        }

        var reader = new MappingReader(mapping, path, errors, Keys);
        var target = ReadPath(reader, errors);
        var interval = DurationReader.ReadOptional(reader, "interval", errors, MinInterval, MaxInterval, HealthCheckConfig.DefaultInterval);
        // An absent timeout is the default one, shortened to a short interval's length.
        var defaultTimeout = interval is { } i && i < HealthCheckConfig.DefaultTimeout ? i : HealthCheckConfig.DefaultTimeout;
        var timeout = DurationReader.ReadOptional(reader, "timeout", errors, MinTimeout, MaxInterval, defaultTimeout);
        var healthy = ReadThreshold(reader, "healthy_threshold", HealthCheckConfig.DefaultHealthyThreshold, errors);
        var unhealthy = ReadThreshold(reader, "unhealthy_threshold", HealthCheckConfig.DefaultUnhealthyThreshold, errors);

        // A check still running when the next one is due would overlap it and could never be told apart.
        if (interval is not null && timeout is not null && timeout > interval)
        {
            errors.Add(reader.PathOf("timeout"), reader.Optional("timeout")!,
                "timeout " + DurationReader.Format(timeout.Value) + " is longer than interval " + DurationReader.Format(interval.Value));
            timeout = null;
        }

        if (target is null || interval is null || timeout is null || healthy is null || unhealthy is null)
        {
            valid = false;
            return null;
        }

        return new HealthCheckConfig(target, interval.Value, timeout.Value, healthy.Value, unhealthy.Value);
    }

    private static string? ReadPath(MappingReader reader, ConfigErrors errors)
    {
        var node = reader.Required("path");
        if (node is null)
            return null;
        var path = reader.PathOf("path");
        var text = YamlNodes.AsText(node, path, errors, "a request path such as /healthz");
        if (text is null)
            return null;

        // Sent as the origin-form request target (RFC 9112 §3.2.1): absolute path and query, nothing that
        // would break the request line.
        if (!text.StartsWith('/'))
        {
            errors.Add(path, node, "path must start with '/', found '" + text + "'");
            return null;
        }

        foreach (var c in text)
        {
            if (c <= ' ' || c >= 0x7F)
            {
                errors.Add(path, node, "path must not contain spaces, control or non-ASCII characters, found '" + text + "'");
                return null;
            }
        }

        return text;
    }

    private static int? ReadThreshold(MappingReader reader, string key, int defaultValue, ConfigErrors errors)
    {
        var node = reader.Optional(key);
        return node is null ? defaultValue : IntegerReader.Read(node, reader.PathOf(key), errors, key, 1, MaxThreshold);
    }
}
