using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Reads an <c>{ address, port }</c> mapping: the listen section and every service member.</summary>
internal static class EndpointReader
{
    private static readonly string[] Keys = ["address", "port"];

    /// <summary>
    /// The endpoint with its address in canonical form (so that <c>::1</c> and <c>0:0::1</c> are one
    /// member), or null when anything in it was wrong (every problem reported).
    /// </summary>
    /// <param name="allowHostName">Members may be given by DNS name; the listen address may not.</param>
    public static (string Address, int Port)? Read(YamlNode? node, string path, ConfigErrors errors, bool allowHostName = false) =>
        Read(node, path, errors, Keys, out _, allowHostName);

    /// <summary>The listen section: an IP address, and a port that may be 0 (the system picks one, logged once bound).</summary>
    public static (string Address, int Port)? ReadListen(YamlNode? node, string path, ConfigErrors errors) =>
        Read(node, path, errors, Keys, out _, allowHostName: false, allowPortZero: true);

    /// <summary>As <see cref="Read(YamlNode?, string, ConfigErrors, bool)"/>, accepting <paramref name="keys"/> (a superset of address and port) and handing back the mapping for the caller's own keys.</summary>
    public static (string Address, int Port)? Read(
        YamlNode? node, string path, ConfigErrors errors, string[] keys, out MappingReader? reader, bool allowHostName = false, bool allowPortZero = false)
    {
        reader = null;
        if (node is null)
            return null;
        var mapping = YamlNodes.AsMapping(node, path, errors, "a mapping with address and port");
        if (mapping is null)
            return null;

        reader = new MappingReader(mapping, path, errors, keys);
        var address = ReadAddress(reader.Required("address"), reader.PathOf("address"), errors, allowHostName);
        var portNode = reader.Required("port");
        var port = portNode is null ? null
            : allowPortZero ? IntegerReader.ReadListenPort(portNode, reader.PathOf("port"), errors)
            : IntegerReader.ReadPort(portNode, reader.PathOf("port"), errors);

        return address is null || port is null ? null : (address, port.Value);
    }

    /// <summary>Formats an endpoint for messages, with IPv6 in brackets.</summary>
    public static string Format(string address, int port) =>
        (address.Contains(':') ? "[" + address + "]" : address) + ":" + port;

    private static string? ReadAddress(YamlNode? node, string path, ConfigErrors errors, bool allowHostName)
    {
        if (node is null)
            return null;
        var text = YamlNodes.AsText(node, path, errors, allowHostName ? "an IP address or host name" : "an IP address");
        if (text is null)
            return null;

        if (allowHostName && !text.Contains(':') && !IpAddressSyntax.TryParse(text, out _))
            return ReadHostName(node, path, errors, text);

        if (!IpAddressSyntax.TryParse(text, out var address))
        {
            errors.Add(path, node,
                "'" + text + "' is not a valid IP address (expected four-part IPv4 such as 10.0.0.1, or IPv6)");
            return null;
        }

        return IpAddressSyntax.Canonical(address);
    }

    /// <summary>A member's DNS name, lower-cased: resolved by its BalancerActor at start and every dns_refresh_interval.</summary>
    private static string? ReadHostName(YamlNode node, string path, ConfigErrors errors, string text)
    {
        // DomainSyntax also turns away what only looks like a name, such as the mistyped IPv4 10.0.0.1.5.
        var problem = DomainSyntax.Check(text, out var name);
        if (problem is null)
            return name;
        errors.Add(path, node, problem + " (expected an IPv4 address such as 10.0.0.1, an IPv6 address, or a host name)");
        return null;
    }
}
