using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Tests.Deployment;

/// <summary>Navigation of YamlDotNet's representation model by key paths, and comparison of two trees by content.</summary>
internal static class YamlTree
{
    /// <summary>Parses one YAML document (fails on a syntax error: the test's subject wrote invalid YAML).</summary>
    public static YamlNode Load(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
            stream.Load(reader);
        Assert.True(stream.Documents.Count == 1, "expected one YAML document, found " + stream.Documents.Count);
        return stream.Documents[0].RootNode;
    }

    public static YamlNode? Find(YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
                return null;
            current = child;
        }

        return current;
    }

    public static YamlNode Get(YamlNode node, params string[] path) =>
        Find(node, path) ?? throw new Xunit.Sdk.XunitException("no " + string.Join('.', path) + " in\n" + Dump(node));

    public static string Text(YamlNode node, params string[] path) =>
        Get(node, path) is YamlScalarNode scalar
            ? scalar.Value ?? ""
            : throw new Xunit.Sdk.XunitException(string.Join('.', path) + " is not a scalar");

    public static int Int(YamlNode node, params string[] path) =>
        int.Parse(Text(node, path), NumberStyles.None, CultureInfo.InvariantCulture);

    public static IReadOnlyList<YamlNode> Sequence(YamlNode node, params string[] path) =>
        Get(node, path) is YamlSequenceNode sequence
            ? sequence.Children.ToList()
            : throw new Xunit.Sdk.XunitException(string.Join('.', path) + " is not a sequence");

    public static YamlMappingNode Mapping(YamlNode node, params string[] path) =>
        Get(node, path) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException(string.Join('.', path) + " is not a mapping");

    /// <summary>
    /// Fails unless both trees hold the same data: the same keys with the same values in mappings (in any
    /// order), the same items in sequences (in order), and scalars with the same text. Style (quotes,
    /// flow or block, comments, anchors) does not count; a plain <c>~</c>, <c>null</c> or empty scalar is null.
    /// </summary>
    public static void AssertEquivalent(YamlNode expected, YamlNode actual, string path = "")
    {
        switch (expected, actual)
        {
            case (YamlMappingNode e, YamlMappingNode a):
                var expectedKeys = e.Children.Keys.Select(KeyText).Order(StringComparer.Ordinal).ToList();
                var actualKeys = a.Children.Keys.Select(KeyText).Order(StringComparer.Ordinal).ToList();
                Assert.True(expectedKeys.SequenceEqual(actualKeys),
                    "keys at '" + path + "': expected [" + string.Join(", ", expectedKeys) + "], found [" + string.Join(", ", actualKeys) + "]");
                foreach (var (key, value) in e.Children)
                    AssertEquivalent(value, a.Children[new YamlScalarNode(KeyText(key))], path + "." + KeyText(key));
                break;
            case (YamlSequenceNode e, YamlSequenceNode a):
                Assert.True(e.Children.Count == a.Children.Count,
                    "items at '" + path + "': expected " + e.Children.Count + ", found " + a.Children.Count);
                for (var i = 0; i < e.Children.Count; i++)
                    AssertEquivalent(e.Children[i], a.Children[i], path + "[" + i + "]");
                break;
            case (YamlScalarNode e, YamlScalarNode a):
                Assert.True(ScalarText(e) == ScalarText(a),
                    "value at '" + path + "': expected '" + ScalarText(e) + "', found '" + ScalarText(a) + "'");
                break;
            default:
                throw new Xunit.Sdk.XunitException("at '" + path + "': expected a " + expected.NodeType + ", found a " + actual.NodeType);
        }
    }

    public static string Dump(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static string KeyText(YamlNode key) => ((YamlScalarNode)key).Value ?? "";

    private static string? ScalarText(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" ? null : scalar.Value;
}
