using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Shape checks on representation-model nodes, reporting a mismatch instead of throwing.</summary>
internal static class YamlNodes
{
    /// <summary>
    /// True for a value left empty (<c>port:</c>) or written as YAML null (<c>~</c>, <c>null</c>).
    /// Only plain scalars count: a quoted <c>"null"</c> is the text "null".
    /// </summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>Names what was found, for messages such as "expected a list, found a mapping".</summary>
    public static string Describe(YamlNode node) => node switch
    {
        _ when IsNull(node) => "an empty value",
        YamlScalarNode scalar => "the value '" + scalar.Value + "'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an alias",
    };

    public static YamlMappingNode? AsMapping(YamlNode node, string path, ConfigErrors errors, string expected)
    {
        if (node is YamlMappingNode mapping)
            return mapping;
        errors.Add(path, node, "expected " + expected + ", found " + Describe(node));
        return null;
    }

    public static YamlSequenceNode? AsSequence(YamlNode node, string path, ConfigErrors errors, string expected)
    {
        if (node is YamlSequenceNode sequence)
            return sequence;
        errors.Add(path, node, "expected " + expected + ", found " + Describe(node));
        return null;
    }

    /// <summary>The scalar's text, or null (reported) when the node is a collection or empty.</summary>
    public static string? AsText(YamlNode node, string path, ConfigErrors errors, string expected)
    {
        if (node is YamlScalarNode { Value: { } value } && !IsNull(node))
            return value;
        errors.Add(path, node, IsNull(node)
            ? "missing value; expected " + expected
            : "expected " + expected + ", found " + Describe(node));
        return null;
    }
}
