using System.Collections.Immutable;
using System.Text;
using Paralarva.Actors.Http;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// Reads a service's <c>request_headers</c> or <c>response_headers</c>: <c>set</c> and <c>append</c> (name → value) and
/// <c>remove</c> (names). Names are HTTP tokens, values visible ASCII with SP/HTAB inside (no CR, LF or NUL, so no rule
/// can split a head), and the fields the proxy frames or owns per hop are refused whatever the operation.
/// </summary>
internal static class HeaderRulesReader
{
    public const string RequestKey = "request_headers";
    public const string ResponseKey = "response_headers";

    private const string SetKey = "set";
    private const string AppendKey = "append";
    private const string RemoveKey = "remove";
    private const int MaxNameLength = 256;
    private const int MaxValueLength = 8192;

    private static readonly string[] Keys = [SetKey, AppendKey, RemoveKey];

    /// <summary>The rules under <paramref name="key"/>; <see cref="HeaderRules.None"/> when absent; null on a problem (reported).</summary>
    public static HeaderRules? Read(MappingReader service, string key, ConfigErrors errors)
    {
        var node = service.Optional(key);
        if (node is null || YamlNodes.IsNull(node))
            return HeaderRules.None;
        var path = service.PathOf(key);
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping with set, append or remove");
        if (mapping is null)
            return null;

        var before = errors.Count;
        var reader = new MappingReader(mapping, path, errors, Keys);
        var set = ReadFields(reader, SetKey, errors);
        var append = ReadFields(reader, AppendKey, errors);
        var remove = ReadRemove(reader, set, append, errors);
        return set is null || append is null || remove is null || errors.Count != before
            ? null
            : new HeaderRules(set.Value, append.Value, remove.Value);
    }

    private static ImmutableArray<KeyValuePair<string, string>>? ReadFields(MappingReader reader, string key, ConfigErrors errors)
    {
        var node = reader.Optional(key);
        if (node is null || YamlNodes.IsNull(node))
            return [];
        var path = reader.PathOf(key);
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping of field names to values such as { X-Env: prod }");
        if (mapping is null)
            return null;

        var fields = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>(mapping.Children.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var valid = true;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = ReadName(keyNode, path, seen, errors);
            if (name is null)
            {
                valid = false;
                continue;
            }

            var valuePath = ConfigPath.Child(path, name);
            var value = YamlNodes.AsText(valueNode, valuePath, errors, "a field value");
            var problem = value is null ? null : CheckValue(value);
            if (problem is not null)
                errors.Add(valuePath, valueNode, problem);
            if (value is null || problem is not null)
            {
                valid = false;
                continue;
            }

            fields.Add(new(name, value));
        }

        return valid ? fields.ToImmutable() : null;
    }

    private static ImmutableArray<string>? ReadRemove(
        MappingReader reader, ImmutableArray<KeyValuePair<string, string>>? set, ImmutableArray<KeyValuePair<string, string>>? append, ConfigErrors errors)
    {
        var node = reader.Optional(RemoveKey);
        if (node is null || YamlNodes.IsNull(node))
            return [];
        var path = reader.PathOf(RemoveKey);
        var sequence = YamlNodes.AsSequence(node, path, errors, "a list of field names such as [X-Debug]");
        if (sequence is null)
            return null;

        var names = ImmutableArray.CreateBuilder<string>(sequence.Children.Count);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var valid = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            var itemPath = ConfigPath.Item(path, i);
            var name = ReadName(item, itemPath, seen, errors, namePath: itemPath);
            if (name is not null && (Contains(set, name) || Contains(append, name)))
            {
                errors.Add(itemPath, item, "'" + name + "' is both removed and set or appended; set alone replaces every field of that name");
                name = null;
            }

            if (name is null)
                valid = false;
            else
                names.Add(name);
        }

        return valid ? names.ToImmutable() : null;
    }

    /// <summary>A field name that is a token, not a field the proxy manages, and not already in this list (any case).</summary>
    private static string? ReadName(YamlNode node, string parentPath, HashSet<string> seen, ConfigErrors errors, string? namePath = null)
    {
        var scalar = node as YamlScalarNode;
        var text = scalar?.Value;
        var path = namePath ?? ConfigPath.Child(parentPath, text ?? string.Empty);
        if (scalar is null || text is null || YamlNodes.IsNull(node))
        {
            errors.Add(namePath ?? parentPath, node, "expected a field name, found " + YamlNodes.Describe(node));
            return null;
        }

        if (text.Length > MaxNameLength || !Ascii.IsValid(text) || !HttpChars.IsToken(Encoding.ASCII.GetBytes(text)))
        {
            errors.Add(path, node, "'" + text + "' is not a field name: expected 1-" + MaxNameLength + " letters, digits or !#$%&'*+-.^_`|~");
            return null;
        }

        if (IsManagedByProxy(text))
        {
            errors.Add(path, node, "'" + text + "' cannot be changed by a rule: the proxy writes it itself"
                + " (framing, Host and the hop-by-hop fields: Content-Length, Transfer-Encoding, Host, Connection, Keep-Alive,"
                + " Proxy-Connection, TE, Trailer, Upgrade, HTTP2-Settings, Expect)");
            return null;
        }

        if (!seen.Add(text))
        {
            errors.Add(path, node, "field '" + text + "' appears twice (names are case-insensitive)");
            return null;
        }

        return text;
    }

    /// <summary>Fields that frame the message, route it, or belong to one connection: a rule on them would desynchronise a hop.</summary>
    private static bool IsManagedByProxy(string name) =>
        FieldNames.Classify(Encoding.ASCII.GetBytes(name)) is FieldKind.Host or FieldKind.ContentLength or FieldKind.TransferEncoding
            or FieldKind.Connection or FieldKind.KeepAlive or FieldKind.ProxyConnection or FieldKind.TE or FieldKind.Trailer
            or FieldKind.Upgrade or FieldKind.Http2Settings or FieldKind.Expect;

    /// <summary>RFC 9110 section 5.5 field-value, restricted to ASCII: visible characters, SP and HTAB inside, nothing around.</summary>
    private static string? CheckValue(string value)
    {
        if (value.Length > MaxValueLength)
            return "field value is longer than " + MaxValueLength + " characters";
        foreach (var c in value)
        {
            if (c is not ((>= ' ' and <= '~') or '\t'))
                return "field value may hold only visible ASCII characters, spaces and tabs (no CR, LF, NUL or other control or non-ASCII characters)";
        }

        if (value.Length > 0 && (value[0] is ' ' or '\t' || value[^1] is ' ' or '\t'))
            return "field value must not start or end with a space or tab (the receiver would strip them)";
        return null;
    }

    private static bool Contains(ImmutableArray<KeyValuePair<string, string>>? fields, string name)
    {
        if (fields is null)
            return false;
        foreach (var (existing, _) in fields.Value)
        {
            if (string.Equals(existing, name, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }
}
