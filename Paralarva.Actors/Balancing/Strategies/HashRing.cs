using System.Buffers.Binary;
using System.Text;

namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>
/// A consistent-hash ring (Karger et al.; nginx's <c>hash … consistent</c>, Envoy's ring hash): every member owns
/// <see cref="PointsPerWeight"/> × weight points, each at the hash of the member's <c>address:port</c> and the
/// point's number, and a key belongs to the first point at or after its hash. A member that leaves takes only its own
/// points away, so only the keys it owned move; one that joins takes only the keys that land on its points. Points
/// depend on the member's address alone, so restarts and replicas build the same ring. Immutable: built when the
/// member set or a weight changes, read per request (a binary search and, usually, one membership check).
/// </summary>
internal sealed class HashRing
{
    /// <summary>Points per unit of weight: 160, as nginx; enough for a spread within a few percent.</summary>
    public const int PointsPerWeight = 160;

    /// <summary>
    /// At most this many points (1 MiB of ring): above it (large weights) every member's count is scaled down alike,
    /// which keeps the shares but moves more keys when the set changes.
    /// </summary>
    public const int MaxPoints = 65536;

    public static readonly HashRing Empty = new([], []);

    private readonly ulong[] _hashes;
    private readonly MemberState[] _owners;

    private HashRing(ulong[] hashes, MemberState[] owners)
    {
        _hashes = hashes;
        _owners = owners;
    }

    public int Count => _hashes.Length;

    public static HashRing Build(IReadOnlyList<MemberState> members)
    {
        long total = 0;
        for (var i = 0; i < members.Count; i++)
            total += (long)PointsPerWeight * members[i].Weight;
        if (total == 0)
            return Empty;

        var counts = new int[members.Count];
        var size = 0;
        for (var i = 0; i < members.Count; i++)
        {
            var points = (long)PointsPerWeight * members[i].Weight;
            if (total > MaxPoints)
                points = Math.Max(1, points * MaxPoints / total);
            counts[i] = (int)points;
            size += counts[i];
        }

        var hashes = new ulong[size];
        var owners = new MemberState[size];
        var next = 0;
        for (var i = 0; i < members.Count; i++)
        {
            var name = Encoding.UTF8.GetBytes(members[i].Name);
            var buffer = new byte[name.Length + 4];
            name.CopyTo(buffer, 0);
            for (var point = 0; point < counts[i]; point++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(name.Length), point);
                hashes[next] = AffinityHash.Of(buffer);
                owners[next] = members[i];
                next++;
            }
        }

        Array.Sort(hashes, owners);
        return new HashRing(hashes, owners);
    }

    /// <summary>
    /// The owner of <paramref name="key"/> among <paramref name="pool"/>: the first point at or after the key whose member
    /// is in the pool (members not available, or excluded by a retry, are walked past, so their keys go to the next
    /// member on the ring and come back when they do). Returns the index in <paramref name="pool"/>, or -1 when no point
    /// belongs to a member of it.
    /// </summary>
    public int Find(ulong key, IReadOnlyList<MemberState> pool)
    {
        var count = _hashes.Length;
        if (count == 0)
            return -1;
        var start = Array.BinarySearch(_hashes, key);
        if (start < 0)
            start = ~start;
        MemberState? checkedLast = null;
        for (var step = 0; step < count; step++)
        {
            var owner = _owners[(start + step) % count];
            if (ReferenceEquals(owner, checkedLast))
                continue;
            checkedLast = owner;
            var index = IndexOf(pool, owner);
            if (index >= 0)
                return index;
        }

        return -1;
    }

    private static int IndexOf(IReadOnlyList<MemberState> pool, MemberState member)
    {
        for (var i = 0; i < pool.Count; i++)
        {
            if (ReferenceEquals(pool[i], member))
                return i;
        }

        return -1;
    }
}
