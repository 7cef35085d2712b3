using Paralarva.Actors.Config;

namespace Paralarva.Actors.Admission;

/// <summary>
/// One token bucket per client address, for one service's <c>rate_limit</c>, in a table of bounded size shared by
/// every RequestActor.
/// </summary>
/// <remarks>
/// <para>Each bucket is one number, its theoretical arrival time (the generic cell rate algorithm, equivalent to a
/// token bucket of <c>burst</c> tokens refilled at the rate): a request is admitted when, one token's interval
/// added, that time is at most <c>burst</c> intervals ahead of now. A bucket whose time is in the past is full,
/// exactly as if the client had never been seen.</para>
/// <para>The table is split into 16 shards by a hash of the address, each behind its own short lock (a dictionary
/// lookup and a few additions: no blocking call, nothing allocated once the shard has grown). A shard never holds
/// more than its share of <see cref="Capacity"/>: a new address then takes the slot of a full bucket or, failing
/// that, of the least recently used one (a clock sweep with a referenced bit). A flood of addresses thus costs a
/// fixed amount of memory, and can at worst hand an evicted client a full bucket again.</para>
/// <para>Time is a monotonic timestamp passed in (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> in the
/// proxy, a driven clock in tests) in units of <see cref="Frequency"/> per second.</para>
/// </remarks>
internal sealed class TokenBucketTable
{
    public const int DefaultCapacity = 65536;
    private const int ShardCount = 16;

    private readonly Shard[] _shards = new Shard[ShardCount];
    private readonly long _interval;
    private readonly long _tolerance;

    public TokenBucketTable(RateLimitConfig config, long frequency, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequency);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, ShardCount);
        if (config.IsOff)
            throw new ArgumentException("a rate limit that is off has no buckets", nameof(config));
        Config = config;
        Frequency = frequency;
        Capacity = capacity / ShardCount * ShardCount;
        _interval = Math.Max(1, (long)(frequency / config.RequestsPerSecond));
        _tolerance = _interval * config.Burst;
        for (var i = 0; i < ShardCount; i++)
            _shards[i] = new Shard(capacity / ShardCount);
    }

    public RateLimitConfig Config { get; }

    public long Frequency { get; }

    /// <summary>Most addresses the table holds at once.</summary>
    public int Capacity { get; }

    /// <summary>Addresses held now (for tests and diagnostics; takes every shard's lock).</summary>
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

    /// <summary>Takes one token of <paramref name="client"/>'s bucket, or says how long until one is there.</summary>
    /// <param name="waitTicks">When false: ticks (of <see cref="Frequency"/>) until the next token.</param>
    public bool TryTake(UInt128 client, long now, out long waitTicks) =>
        _shards[ShardOf(client)].TryTake(client, now, _interval, _tolerance, out waitTicks);

    /// <summary>Whole seconds until <paramref name="waitTicks"/> have passed, at least 1 (a Retry-After value).</summary>
    public int RetryAfterSeconds(long waitTicks) =>
        (int)Math.Clamp((waitTicks + Frequency - 1) / Frequency, 1, int.MaxValue);

    internal static int ShardOf(UInt128 client)
    {
        var folded = (ulong)client ^ (ulong)(client >> 64);
        return (int)((folded * 0x9E3779B97F4A7C15UL) >> 60);
    }

    private sealed class Shard(int capacity)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<UInt128, int> _index = [];
        private UInt128[] _keys = [];
        private long[] _arrivals = [];
        private bool[] _referenced = [];
        private int _count;
        private int _hand;

        public int Count
        {
            get
            {
                lock (_lock)
                    return _count;
            }
        }

        public bool TryTake(UInt128 client, long now, long interval, long tolerance, out long waitTicks)
        {
            lock (_lock)
            {
                if (!_index.TryGetValue(client, out var slot))
                    slot = Insert(client, now);
                _referenced[slot] = true;
                var next = Math.Max(_arrivals[slot], now) + interval;
                if (next - now > tolerance)
                {
                    waitTicks = next - now - tolerance;
                    return false;
                }

                _arrivals[slot] = next;
                waitTicks = 0;
                return true;
            }
        }

        private int Insert(UInt128 client, long now)
        {
            int slot;
            if (_count < capacity)
            {
                if (_count == _keys.Length)
                    Grow();
                slot = _count++;
            }
            else
            {
                slot = Evict(now);
                _index.Remove(_keys[slot]);
            }

            _keys[slot] = client;
            _arrivals[slot] = now;
            _referenced[slot] = false;
            _index[client] = slot;
            return slot;
        }

        /// <summary>
        /// A full bucket (nothing lost by forgetting it), else the first not used since the hand last passed. Two
        /// turns at most: the first clears every referenced bit.
        /// </summary>
        private int Evict(long now)
        {
            for (var step = 0; step < 2 * _count; step++)
            {
                var slot = _hand;
                _hand = _hand + 1 == _count ? 0 : _hand + 1;
                if (_arrivals[slot] <= now || !_referenced[slot])
                    return slot;
                _referenced[slot] = false;
            }

            return _hand;
        }

        private void Grow()
        {
            var size = Math.Min(capacity, Math.Max(16, _keys.Length * 2));
            Array.Resize(ref _keys, size);
            Array.Resize(ref _arrivals, size);
            Array.Resize(ref _referenced, size);
        }
    }
}
