using System.Text;
using Paralarva.Actors.Http;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads <c>proxy.via</c>: the pseudonym of the proxy's own Via entry (<c>1.1 paralarva</c>), an HTTP token.</summary>
internal static class ViaReader
{
    public const string Key = "via";

    /// <summary>The pseudonym; <see cref="ViaField.DefaultPseudonym"/> when absent; null on a problem.</summary>
    public static string? Read(YamlNode? node, string path, ConfigErrors errors)
    {
        if (node is null || YamlNodes.IsNull(node))
            return ViaField.DefaultPseudonym;
        var text = YamlNodes.AsText(node, path, errors, "a pseudonym such as paralarva");
        if (text is null)
            return null;
        // RFC 9110 section 7.6.3: received-by is a pseudonym (a token) or a host[:port]; a token keeps host names private.
        if (text.Length == 0 || text.Length > 64 || !Ascii.IsValid(text) || !HttpChars.IsToken(Encoding.ASCII.GetBytes(text)))
        {
            errors.Add(path, node, "'" + text + "' is not a valid Via pseudonym: expected 1-64 letters, digits or !#$%&'*+-.^_`|~");
            return null;
        }

        return text;
    }
}
