using System.Net;
using System.Text;

namespace Paralarva.Actors.Http;

/// <summary>
/// The client's address as written in X-Forwarded-For and the access log. On a dual-mode listener an IPv4 client
/// arrives as an IPv4-mapped IPv6 address (<c>::ffff:10.0.0.1</c>); it is written as the plain IPv4 address it is,
/// as nginx and HAProxy do, so allow lists and log queries keyed on IPv4 addresses keep working.
/// </summary>
internal static class ClientAddress
{
    /// <summary>Once per connection: the address's text as ASCII bytes.</summary>
    public static byte[] Ascii(EndPoint remote)
    {
        var text = remote is IPEndPoint ip ? Text(ip.Address) : remote.ToString() ?? "unknown";
        return Encoding.ASCII.GetBytes(text);
    }

    public static string Text(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
}
