using System.Net;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// Resolves a member's host name: <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>
/// in production, a scripted function in tests of members that come and go.
/// </summary>
internal delegate Task<IPAddress[]> HostResolver(string hostName, CancellationToken cancellationToken);
