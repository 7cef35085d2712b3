using System.Text;
using Paralarva.Actors.Http;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads a service's <c>upgrade_protocols</c>: a list of protocol names (HTTP tokens); <c>[]</c> forwards no upgrade.</summary>
internal static class UpgradeProtocolsReader
{
    public const string Key = "upgrade_protocols";

    /// <summary>The allow list; <see cref="UpgradeProtocols.Default"/> when the key is absent or null; null on a problem.</summary>
    public static UpgradeProtocols? Read(MappingReader reader, ConfigErrors errors)
    {
        var node = reader.Optional(Key);
        if (node is null || YamlNodes.IsNull(node))
            return UpgradeProtocols.Default;

        var path = reader.PathOf(Key);
        var sequence = YamlNodes.AsSequence(node, path, errors, "a list of protocol names such as [websocket]");
        if (sequence is null)
            return null;

        var names = new List<string>(sequence.Children.Count);
        var valid = true;
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = ConfigPath.Item(path, i);
            var name = YamlNodes.AsText(sequence.Children[i], itemPath, errors, "a protocol name such as websocket");
            if (name is null)
            {
                valid = false;
                continue;
            }

            // A protocol name is an HTTP token (RFC 9110 section 7.8); a version, if any, is not part of the match.
            if (name.Length == 0 || name.Length > 64 || !Ascii.IsValid(name) || !HttpChars.IsToken(Encoding.ASCII.GetBytes(name)))
            {
                errors.Add(itemPath, sequence.Children[i], "'" + name + "' is not a protocol name (letters, digits and !#$%&'*+-.^_`|~, without '/')");
                valid = false;
                continue;
            }

            names.Add(name);
        }

        return valid ? new UpgradeProtocols(names) : null;
    }
}
