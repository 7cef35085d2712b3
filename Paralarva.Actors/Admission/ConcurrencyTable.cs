namespace Paralarva.Actors.Admission;

/// <summary>
/// Requests in progress per client address, for one service's <c>max_connections_per_client</c>, shared by every
/// RequestActor. An address is held only while it has a request in progress, so the table never holds more
/// addresses than there are client connections (bounded by <c>limits.max_client_connections</c>); it needs no
/// eviction. Sharded like <see cref="TokenBucketTable"/>, each shard behind a short lock; nothing allocated once a
/// shard's dictionary has grown.
/// </summary>
internal sealed class ConcurrencyTable
{
    private const int ShardCount = 16;

    private readonly Shard[] _shards = new Shard[ShardCount];

    public ConcurrencyTable()
    {
        for (var i = 0; i < ShardCount; i++)
            _shards[i] = new Shard();
    }

    /// <summary>Addresses with a request in progress.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var shard in _shards)
                count += shard.Count;
            return count;
        }
    }

    /// <summary>Counts one more request of <paramref name="client"/> unless it already has <paramref name="limit"/>.</summary>
    public bool TryAcquire(UInt128 client, int limit) => _shards[TokenBucketTable.ShardOf(client)].TryAcquire(client, limit);

    /// <summary>One request of <paramref name="client"/> ended; every successful acquire is released once.</summary>
    public void Release(UInt128 client) => _shards[TokenBucketTable.ShardOf(client)].Release(client);

    public int InProgress(UInt128 client) => _shards[TokenBucketTable.ShardOf(client)].InProgress(client);

    private sealed class Shard
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<UInt128, int> _counts = [];

        public int Count
        {
            get
            {
                lock (_lock)
                    return _counts.Count;
            }
        }

        public bool TryAcquire(UInt128 client, int limit)
        {
            lock (_lock)
            {
                _counts.TryGetValue(client, out var count);
                if (count >= limit)
                    return false;
                _counts[client] = count + 1;
                return true;
            }
        }

        public void Release(UInt128 client)
        {
            lock (_lock)
            {
                if (!_counts.TryGetValue(client, out var count))
                    return;
                if (count <= 1)
                    _counts.Remove(client);
                else
                    _counts[client] = count - 1;
            }
        }

        public int InProgress(UInt128 client)
        {
            lock (_lock)
                return _counts.GetValueOrDefault(client);
        }
    }
}
