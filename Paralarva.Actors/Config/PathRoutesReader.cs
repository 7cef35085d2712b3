using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// Reads a service's <c>paths</c> (path prefixes, each starting with '/', no query, no duplicates) and
/// <c>strip_path_prefix</c> (false by default; only with <c>paths</c>). Conflicts between the services of one
/// domain are <see cref="DomainRoutesChecker"/>'s.
/// </summary>
internal static class PathRoutesReader
{
    public const string PathsKey = "paths";
    public const string StripKey = "strip_path_prefix";

    /// <summary>The service's routes; <see cref="PathPrefixes.None"/> without <c>paths</c>; null on a problem (reported).</summary>
    public static PathRoutes? Read(MappingReader reader, ConfigErrors errors)
    {
        var path = reader.PathOf(PathsKey);
        var strip = ReadStrip(reader, errors);
        var node = reader.Optional(PathsKey);
        if (node is null || YamlNodes.IsNull(node))
        {
            if (strip == true)
            {
                errors.Add(reader.PathOf(StripKey), reader.Optional(StripKey)!, StripKey + " needs " + PathsKey + ": a service without paths has no prefix to strip");
                return null;
            }

            return strip is null ? null : new PathRoutes(PathPrefixes.None, false, [], path);
        }

        var sequence = YamlNodes.AsSequence(node, path, errors, "a list of path prefixes such as [/api, /v2/api]");
        if (sequence is null)
            return null;
        if (sequence.Children.Count == 0)
        {
            errors.Add(path, node, "no path prefixes; leave " + PathsKey + " out for a service that takes every path of its domain");
            return null;
        }

        var prefixes = ImmutableArray.CreateBuilder<string>(sequence.Children.Count);
        var nodes = ImmutableArray.CreateBuilder<YamlNode>(sequence.Children.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var valid = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemPath = ConfigPath.Item(path, i);
            var prefix = YamlNodes.AsText(item, itemPath, errors, "a path prefix such as /api");
            var problem = prefix is null ? null : Check(prefix);
            if (problem is not null)
                errors.Add(itemPath, item, problem);
            else if (prefix is not null && !seen.TryAdd(prefix, i))
                errors.Add(itemPath, item, "duplicate path '" + prefix + "' (already " + ConfigPath.Item(path, seen[prefix]) + ")");
            else if (prefix is not null)
            {
                prefixes.Add(prefix);
                nodes.Add(item);
                continue;
            }

            valid = false;
        }

        return valid && strip is not null ? new PathRoutes(new PathPrefixes(prefixes.ToImmutable()), strip.Value, nodes.ToImmutable(), path) : null;
    }

    /// <summary>Why <paramref name="prefix"/> cannot be a path prefix, or null when it can.</summary>
    public static string? Check(string prefix)
    {
        if (prefix.Length == 0 || prefix[0] != '/')
            return "path prefix '" + prefix + "' must start with '/'";
        if (prefix.Length > PathPrefixes.MaxLength)
            return "path prefix is longer than " + PathPrefixes.MaxLength + " characters";
        foreach (var c in prefix)
        {
            // What a request-target may hold (visible ASCII); '?' starts the query and '#' a fragment, which are not paths.
            if (c is < '!' or > '~')
                return "path prefix '" + prefix + "' may hold only visible ASCII characters (percent-encode the rest, as clients send it)";
            if (c is '?' or '#')
                return "path prefix '" + prefix + "' must not hold '" + c + "': prefixes match the path, never the query";
        }

        if (prefix.Length > 1 && prefix[^1] == '/')
            return "path prefix '" + prefix + "' must not end with '/': prefixes match whole segments, so '" + prefix.TrimEnd('/')
                + "' takes " + prefix.TrimEnd('/') + ", " + prefix + " and what is below it";
        foreach (var segment in prefix.Split('/'))
        {
            if (segment is "." or "..")
                return "path prefix '" + prefix + "' must not hold '.' or '..' segments";
        }

        return null;
    }

    private static bool? ReadStrip(MappingReader reader, ConfigErrors errors)
    {
        var node = reader.Optional(StripKey);
        if (node is null || YamlNodes.IsNull(node))
            return false;
        var path = reader.PathOf(StripKey);
        switch (YamlNodes.AsText(node, path, errors, "true or false"))
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case var other:
                errors.Add(path, node, "'" + other + "' is not a boolean; expected true or false");
                return null;
        }
    }
}
