using Paralarva.Actors.Admission;
using Paralarva.Actors.Config;

namespace Paralarva.Tests.Admission;

/// <summary>The per-address token buckets with a driven clock (1000 ticks a second), and the table's bound.</summary>
public sealed class TokenBucketTableTests
{
    private const long Second = 1000;
    private static readonly UInt128 A = 1;
    private static readonly UInt128 B = 2;

    [Fact]
    public void Burst_AdmittedAtOnce_ThenRefused()
    {
        var table = new TokenBucketTable(new RateLimitConfig(2, 5), Second);

        for (var i = 0; i < 5; i++)
            Assert.True(table.TryTake(A, 10_000, out _), "request " + i + " of the burst");

        Assert.False(table.TryTake(A, 10_000, out var wait));
        Assert.Equal(Second / 2, wait);
        Assert.Equal(1, table.RetryAfterSeconds(wait));
    }

    [Fact]
    public void Refill_OneTokenPerInterval_NeverAboveTheBurst()
    {
        var table = new TokenBucketTable(new RateLimitConfig(2, 2), Second);
        Assert.True(table.TryTake(A, 0, out _));
        Assert.True(table.TryTake(A, 0, out _));
        Assert.False(table.TryTake(A, 499, out var wait));
        Assert.Equal(1, wait);

        Assert.True(table.TryTake(A, 500, out _));
        Assert.False(table.TryTake(A, 500, out _));

        // A long idle time refills the bucket to its burst, no more.
        Assert.True(table.TryTake(A, 100 * Second, out _));
        Assert.True(table.TryTake(A, 100 * Second, out _));
        Assert.False(table.TryTake(A, 100 * Second, out _));
    }

    [Fact]
    public void Refused_TakesNothing()
    {
        var table = new TokenBucketTable(new RateLimitConfig(1, 1), Second);
        Assert.True(table.TryTake(A, 0, out _));
        for (var i = 0; i < 10; i++)
            Assert.False(table.TryTake(A, 0, out _));

        Assert.True(table.TryTake(A, Second, out _));
    }

    [Fact]
    public void SlowRate_RetryAfterRoundedUpToWholeSeconds()
    {
        var table = new TokenBucketTable(new RateLimitConfig(0.1, 1), Second);
        Assert.True(table.TryTake(A, 0, out _));

        Assert.False(table.TryTake(A, 2_500, out var wait));

        Assert.Equal(7_500, wait);
        Assert.Equal(8, table.RetryAfterSeconds(wait));
    }

    [Fact]
    public void Addresses_HaveTheirOwnBuckets()
    {
        var table = new TokenBucketTable(new RateLimitConfig(1, 1), Second);

        Assert.True(table.TryTake(A, 0, out _));
        Assert.False(table.TryTake(A, 0, out _));
        Assert.True(table.TryTake(B, 0, out _));
    }

    [Fact]
    public void FloodOfAddresses_TableStaysWithinItsCapacity()
    {
        var table = new TokenBucketTable(new RateLimitConfig(1, 1), Second, capacity: 256);

        for (var i = 0; i < 100_000; i++)
            table.TryTake((UInt128)i * 7919, i, out _);

        Assert.Equal(256, table.Capacity);
        Assert.InRange(table.Count, 1, 256);
    }

    [Fact]
    public void Eviction_PrefersAFullBucket_SoABusyClientKeepsItsState()
    {
        // 16 shards of two slots: three addresses of one shard compete for two slots.
        var table = new TokenBucketTable(new RateLimitConfig(1, 1), Second, capacity: 32);
        var busy = A;
        var idle = NextInShard(busy);
        var newcomer = NextInShard(idle);
        Assert.True(table.TryTake(busy, 0, out _));
        Assert.True(table.TryTake(idle, 1, out _));
        Assert.True(table.TryTake(busy, 2 * Second, out _));

        // The clock hand passes the busy client first (its bucket is empty) and takes the idle one's full bucket.
        Assert.True(table.TryTake(newcomer, 2 * Second + 500, out _));

        Assert.False(table.TryTake(busy, 2 * Second + 500, out var wait), "the busy client's empty bucket was forgotten");
        Assert.Equal(500, wait);
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void ConcurrentCallers_EachTokenGivenOnce()
    {
        var table = new TokenBucketTable(new RateLimitConfig(1, 1000), Second);
        var admitted = 0;

        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 1000; i++)
            {
                if (table.TryTake(A, 0, out _))
                    Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(1000, admitted);
    }

    [Fact]
    public void SteadyState_AllocatesNothing()
    {
        var table = new TokenBucketTable(new RateLimitConfig(1000, 10), Second, capacity: 64);
        for (var i = 0; i < 1000; i++)
            table.TryTake((UInt128)i, i, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            table.TryTake((UInt128)(i % 3000), 2000 + i, out _);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static UInt128 NextInShard(UInt128 key)
    {
        var shard = TokenBucketTable.ShardOf(key);
        for (var candidate = key + 1; candidate < key + 10_000; candidate++)
        {
            if (TokenBucketTable.ShardOf(candidate) == shard)
                return candidate;
        }

        throw new InvalidOperationException("no other key in the shard");
    }
}
