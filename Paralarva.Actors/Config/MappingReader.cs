using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// Looks up the keys of one mapping and reports, once, every key that is not among the known ones,
/// so that a typo such as <c>prot:</c> is an error rather than a silently ignored setting.
/// </summary>
internal sealed class MappingReader
{
    private readonly YamlMappingNode _node;
    private readonly ConfigErrors _errors;
    private readonly Dictionary<string, YamlNode> _values = new(StringComparer.Ordinal);

    public MappingReader(YamlMappingNode node, string path, ConfigErrors errors, params string[] knownKeys)
    {
        _node = node;
        _errors = errors;
        Path = path;

        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || YamlNodes.IsNull(key))
            {
                errors.Add(path, key, "keys must be plain names, found " + YamlNodes.Describe(key));
                continue;
            }

            // Duplicates never reach here: DuplicateKeyFilter reported and dropped them while loading.
            if (Array.IndexOf(knownKeys, name) < 0)
                errors.Add(PathOf(name), key, UnknownKeyMessage(name, knownKeys));
            else
                _values[name] = value;
        }
    }

    public string Path { get; }

    public string PathOf(string key) => ConfigPath.Child(Path, key);

    /// <summary>The value of a key that must be present; a missing key is reported at the mapping's line.</summary>
    public YamlNode? Required(string key)
    {
        if (_values.TryGetValue(key, out var value))
            return value;
        _errors.Add(PathOf(key), _node, "missing required key '" + key + "'");
        return null;
    }

    public YamlNode? Optional(string key) => _values.GetValueOrDefault(key);

    private static string UnknownKeyMessage(string name, string[] knownKeys)
    {
        var message = "unknown key '" + name + "'";
        var suggestion = KeySuggestion.Closest(name, knownKeys);
        if (suggestion is not null)
            message += " (did you mean '" + suggestion + "'?)";
        return message + "; expected " + (knownKeys.Length == 1 ? knownKeys[0] : "one of: " + string.Join(", ", knownKeys));
    }
}
