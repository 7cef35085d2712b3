using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads the optional <c>proxy.shutdown</c> section; an absent key keeps its default.</summary>
internal static class ShutdownSectionReader
{
    public const string GracePeriodKey = "grace_period";
    public const string DrainTimeoutKey = "drain_timeout";

    // Kubernetes gives a pod terminationGracePeriodSeconds in all: waits of hours would only be cut by SIGKILL.
    public static readonly TimeSpan MaxGracePeriod = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxDrainTimeout = TimeSpan.FromHours(1);

    private static readonly string[] Keys = [GracePeriodKey, DrainTimeoutKey];

    public static ShutdownConfig? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        if (node is null || YamlNodes.IsNull(node))
            return ShutdownConfig.Default;
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping with grace_period and drain_timeout");
        if (mapping is null)
            return null;

        var reader = new MappingReader(mapping, path, errors, Keys);
        var defaults = ShutdownConfig.Default;
        var grace = DurationReader.ReadOptional(reader, GracePeriodKey, errors, TimeSpan.Zero, MaxGracePeriod, defaults.GracePeriod);
        var drain = DurationReader.ReadOptional(reader, DrainTimeoutKey, errors, TimeSpan.Zero, MaxDrainTimeout, defaults.DrainTimeout);
        return grace is null || drain is null ? null : new ShutdownConfig(grace.Value, drain.Value);
    }
}
