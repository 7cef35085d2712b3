using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads bounded integer settings (ports, limits).</summary>
internal static class IntegerReader
{
    public const int MinPort = 1;
    public const int MaxPort = 65535;

    public static int? ReadPort(YamlNode node, string path, ConfigErrors errors) =>
        Read(node, path, errors, "port", MinPort, MaxPort);

    /// <summary>The listen port: 0 too, for a port the system picks (logged once bound).</summary>
    public static int? ReadListenPort(YamlNode node, string path, ConfigErrors errors) =>
        Read(node, path, errors, "port", 0, MaxPort);

    /// <summary>
    /// The value if it is an integer within [<paramref name="min"/>, <paramref name="max"/>], else null
    /// (reported). Quoted numbers (<c>"8080"</c>) are accepted: templating tools such as Helm's
    /// <c>quote</c> produce them, and they are not ambiguous.
    /// </summary>
    public static int? Read(YamlNode node, string path, ConfigErrors errors, string name, int min, int max) =>
        (int?)ReadLong(node, path, errors, name, min, max);

    /// <summary>Like <see cref="Read"/>, for settings that may exceed an int (byte counts).</summary>
    public static long? ReadLong(YamlNode node, string path, ConfigErrors errors, string name, long min, long max)
    {
        var text = YamlNodes.AsText(node, path, errors, "an integer");
        if (text is null)
            return null;

        if (!IntegerSyntax.TryParse(text, out var value))
        {
            errors.Add(path, node, name + " must be a whole number, found '" + text + "'");
            return null;
        }

        if (value < min || value > max)
        {
            errors.Add(path, node, max is int.MaxValue or long.MaxValue
                ? name + " " + value + " is below the minimum of " + min
                : name + " " + value + " is outside " + min + "-" + max);
            return null;
        }

        return value;
    }
}
