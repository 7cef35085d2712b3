using System.Text;
using Paralarva.Actors.Http;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// Reads a service's <c>hash_key</c> (<c>client_ip</c> or <c>header:NAME</c>, only with <c>strategy: consistent_hash</c>)
/// and <c>affinity</c> mapping (<c>cookie: NAME</c>, with any strategy) into one <see cref="AffinityConfig"/>.
/// </summary>
internal static class AffinityReader
{
    public const string HashKeyKey = "hash_key";
    public const string Key = "affinity";

    private const string ClientIp = "client_ip";
    private const string HeaderPrefix = "header:";
    private const int MaxNameLength = 128;

    private static readonly string[] Keys = ["cookie"];

    /// <summary>
    /// The service's affinity, <see cref="AffinityConfig.None"/> when it has none, or null when something is wrong
    /// (reported). <paramref name="strategy"/> is the service's strategy, or null when that was invalid itself.
    /// </summary>
    public static AffinityConfig? Read(MappingReader service, string? strategy, ConfigErrors errors)
    {
        var valid = true;
        var header = ReadHashKey(service, strategy, errors, ref valid);
        var cookie = ReadCookie(service, errors, ref valid);
        if (!valid)
            return null;
        return header is null && cookie is null ? AffinityConfig.None : new AffinityConfig(header, cookie);
    }

    private static string? ReadHashKey(MappingReader service, string? strategy, ConfigErrors errors, ref bool valid)
    {
        var node = service.Optional(HashKeyKey);
        if (node is null || YamlNodes.IsNull(node))
            return null;
        var path = service.PathOf(HashKeyKey);
        // A hash key another strategy would ignore is a mistake worth saying: the service would not be sticky.
        if (strategy is not null && strategy != StrategyNames.ConsistentHash)
        {
            errors.Add(path, node, HashKeyKey + " applies only to strategy " + StrategyNames.ConsistentHash + " (this service's strategy is " + strategy + ")");
            valid = false;
            return null;
        }

        var text = YamlNodes.AsText(node, path, errors, ClientIp + " or header:NAME");
        if (text is null)
        {
            valid = false;
            return null;
        }

        if (text == ClientIp)
            return null;
        if (text.StartsWith(HeaderPrefix, StringComparison.Ordinal))
        {
            var name = text[HeaderPrefix.Length..];
            if (IsToken(name))
                return name;
            errors.Add(path, node, "'" + name + "' is not a header name (1-" + MaxNameLength + " letters, digits or !#$%&'*+-.^_`|~)");
            valid = false;
            return null;
        }

        errors.Add(path, node, "unknown " + HashKeyKey + " '" + text + "'; expected " + ClientIp + " or header:NAME");
        valid = false;
        return null;
    }

    private static string? ReadCookie(MappingReader service, ConfigErrors errors, ref bool valid)
    {
        var node = service.Optional(Key);
        if (node is null || YamlNodes.IsNull(node))
            return null;
        var path = service.PathOf(Key);
        var mapping = YamlNodes.AsMapping(node, path, errors, "an affinity mapping such as { cookie: pl_affinity }");
        if (mapping is null)
        {
            valid = false;
            return null;
        }

        var reader = new MappingReader(mapping, path, errors, Keys);
        var cookieNode = reader.Required("cookie");
        var cookiePath = reader.PathOf("cookie");
        var name = cookieNode is null ? null : YamlNodes.AsText(cookieNode, cookiePath, errors, "a cookie name such as pl_affinity");
        if (name is null)
        {
            valid = false;
            return null;
        }

        // RFC 6265 section 4.1.1: a cookie-name is a token.
        if (!IsToken(name))
        {
            errors.Add(cookiePath, cookieNode!, "'" + name + "' is not a cookie name (1-" + MaxNameLength + " letters, digits or !#$%&'*+-.^_`|~)");
            valid = false;
            return null;
        }

        // Browsers drop a __Secure- or __Host- cookie without the Secure attribute, which the proxy cannot set: it does
        // not know whether its clients reach it over TLS.
        if (name.StartsWith("__Secure-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("__Host-", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(cookiePath, cookieNode!, "cookie name '" + name + "' needs the Secure attribute, which the proxy does not set; choose a name without the __Secure- or __Host- prefix");
            valid = false;
            return null;
        }

        return name;
    }

    private static bool IsToken(string name) =>
        name.Length is > 0 and <= MaxNameLength && Ascii.IsValid(name) && HttpChars.IsToken(Encoding.ASCII.GetBytes(name));
}
