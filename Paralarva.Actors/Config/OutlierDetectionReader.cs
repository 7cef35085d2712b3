using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads <c>services[i].outlier_detection</c>; an absent key keeps its default.</summary>
internal static class OutlierDetectionReader
{
    private const string ConsecutiveFailuresKey = "consecutive_failures";
    private const string Consecutive5xxKey = "consecutive_5xx";
    private const string BaseEjectionTimeKey = "base_ejection_time";
    private const string MaxEjectionTimeKey = "max_ejection_time";

    private static readonly string[] Keys = [ConsecutiveFailuresKey, Consecutive5xxKey, BaseEjectionTimeKey, MaxEjectionTimeKey];
    private static readonly TimeSpan MaxTime = TimeSpan.FromHours(24);

    public static OutlierDetectionConfig? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        if (node is null || YamlNodes.IsNull(node))
            return OutlierDetectionConfig.Default;
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping of outlier detection settings");
        if (mapping is null)
            return null;

        var reader = new MappingReader(mapping, path, errors, Keys);
        var defaults = OutlierDetectionConfig.Default;
        var failures = ReadCount(reader, ConsecutiveFailuresKey, defaults.ConsecutiveFailures, errors);
        var fivexx = ReadCount(reader, Consecutive5xxKey, defaults.Consecutive5xx, errors);
        var oneMs = TimeSpan.FromMilliseconds(1);
        var baseTime = DurationReader.ReadOptional(reader, BaseEjectionTimeKey, errors, oneMs, MaxTime, defaults.BaseEjectionTime);
        var maxTime = DurationReader.ReadOptional(reader, MaxEjectionTimeKey, errors, oneMs, MaxTime, defaults.MaxEjectionTime);
        if (failures is null || fivexx is null || baseTime is null || maxTime is null)
            return null;

        if (maxTime < baseTime)
        {
            var maxNode = reader.Optional(MaxEjectionTimeKey) ?? reader.Optional(BaseEjectionTimeKey) ?? mapping;
            errors.Add(reader.PathOf(MaxEjectionTimeKey), maxNode,
                MaxEjectionTimeKey + " " + DurationReader.Format(maxTime.Value) + " is below " + BaseEjectionTimeKey + " " + DurationReader.Format(baseTime.Value));
            return null;
        }

        return new OutlierDetectionConfig(failures.Value, fivexx.Value, baseTime.Value, maxTime.Value);
    }

    private static int? ReadCount(MappingReader reader, string key, int defaultValue, ConfigErrors errors)
    {
        var node = reader.Optional(key);
        return node is null ? defaultValue : IntegerReader.Read(node, reader.PathOf(key), errors, key, 0, 1000);
    }
}
