using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// The opaque id an affinity cookie carries for a member: the first 64 bits of HMAC-SHA256 keyed by the service's name
/// over the member's <c>address:port</c>. It does not show the address, and it is derived from the configuration
/// alone, so it survives restarts and every replica of the proxy gives the same member the same id (a client pinned by
/// one replica keeps its member behind another). Never 0, which means "no cookie" in a lease request.
/// </summary>
internal static class AffinityIds
{
    private const string KeyPrefix = "paralarva-affinity:";

    public static ulong Of(string service, string member)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(KeyPrefix + service), Encoding.UTF8.GetBytes(member));
        var id = BinaryPrimitives.ReadUInt64BigEndian(mac);
        return id == 0 ? 1 : id;
    }
}
