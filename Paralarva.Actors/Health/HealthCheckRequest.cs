using System.Text;

namespace Paralarva.Actors.Health;

/// <summary>The bytes of a check request, built once per member.</summary>
internal static class HealthCheckRequest
{
    public const string UserAgent = "paralarva-health-check";

    /// <summary>
    /// <c>GET path HTTP/1.1</c> with the service's Host (RFC 9112 §3.2: mandatory in HTTP/1.1) and
    /// <c>Connection: close</c> (RFC 9112 §9.6): one exchange per connection, so a check also proves
    /// that the member accepts connections.
    /// </summary>
    public static byte[] Build(string path, string host) => Encoding.ASCII.GetBytes(
        "GET " + path + " HTTP/1.1\r\n"
        + "Host: " + host + "\r\n"
        + "Connection: close\r\n"
        + "User-Agent: " + UserAgent + "\r\n"
        + "Accept: */*\r\n"
        + "\r\n");
}
