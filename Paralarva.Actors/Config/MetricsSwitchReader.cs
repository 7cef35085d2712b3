using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// Reads <c>proxy.metrics</c>: <c>on</c> (default) or <c>off</c>. Off exists to measure what per-request
/// metrics cost (bench/) and to rule them out while debugging; production keeps them on.
/// </summary>
internal static class MetricsSwitchReader
{
    private const string Expected = "on or off";

    /// <summary>True for on, false for off, null (reported) for anything else.</summary>
    public static bool? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        if (node is null || YamlNodes.IsNull(node))
            return true;
        var text = YamlNodes.AsText(node, path, errors, Expected);
        switch (text?.Trim())
        {
            case null:
                return null;
            case "on" or "true":
                return true;
            case "off" or "false":
                return false;
            default:
                errors.Add(path, node, "'" + text + "' is not a metrics switch; expected " + Expected);
                return null;
        }
    }
}
