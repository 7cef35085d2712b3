using System.IO.Hashing;

namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>
/// The 64-bit hash behind <c>consistent_hash</c>: of a request's key bytes (client address or header value) and of the
/// ring's points. XXH64 with a fixed seed: no allocation, and the same in every process, so replicas of the proxy
/// with the same members send a key to the same member.
/// </summary>
internal static class AffinityHash
{
    public static ulong Of(ReadOnlySpan<byte> key) => XxHash64.HashToUInt64(key);
}
