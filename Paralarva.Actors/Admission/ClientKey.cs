using System.Net;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Admission;

/// <summary>
/// A client address as the 128-bit key the access lists and the per-address tables use: IPv6 as it is, IPv4 (and
/// IPv4-mapped IPv6 from a dual-mode listener) as <c>::ffff:a.b.c.d</c>. Computed once per connection.
/// </summary>
internal static class ClientKey
{
    /// <summary>The key of <paramref name="remote"/>; <see cref="UInt128.Zero"/> (<c>::</c>) for a non-IP endpoint.</summary>
    public static UInt128 Of(EndPoint remote) =>
        remote is IPEndPoint ip ? CidrSyntax.ToKey(ip.Address) : UInt128.Zero;
}
