using Paralarva.Actors.Admission;

namespace Paralarva.Tests.Admission;

public sealed class ConcurrencyTableTests
{
    private static readonly UInt128 A = 1;
    private static readonly UInt128 B = 2;

    [Fact]
    public void TryAcquire_UpToTheLimitPerAddress()
    {
        var table = new ConcurrencyTable();

        Assert.True(table.TryAcquire(A, 2));
        Assert.True(table.TryAcquire(A, 2));
        Assert.False(table.TryAcquire(A, 2));
        Assert.True(table.TryAcquire(B, 2));
        Assert.Equal(2, table.InProgress(A));
    }

    [Fact]
    public void Release_FreesASlot_AndForgetsTheAddressAtZero()
    {
        var table = new ConcurrencyTable();
        Assert.True(table.TryAcquire(A, 1));
        Assert.False(table.TryAcquire(A, 1));

        table.Release(A);

        Assert.Equal(0, table.Count);
        Assert.True(table.TryAcquire(A, 1));
        table.Release(A);
        table.Release(A);
        Assert.Equal(0, table.InProgress(A));
    }

    [Fact]
    public void ConcurrentCallers_NeverAboveTheLimit_AndBackToEmpty()
    {
        var table = new ConcurrencyTable();
        var inside = 0;
        var maxInside = 0;

        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 5000; i++)
            {
                if (!table.TryAcquire(A, 3))
                    continue;
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref maxInside, now);
                Interlocked.Decrement(ref inside);
                table.Release(A);
            }
        });

        Assert.InRange(maxInside, 1, 3);
        Assert.Equal(0, table.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }
}
