using Paralarva.Host.Hosting;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Hosting;

public sealed class NativeHeapTrimmerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Running_TrimsOnEveryTick_UntilStopped()
    {
        var trims = new CountWaiter("trims");
        using var trimmer = new NativeHeapTrimmer(Interval, firstPasses: 100, Never, () => trims.Increment() > 0);

        await trimmer.StartAsync(CancellationToken.None);
        await trims.WaitForAsync(3, Timeout);
        await trimmer.StopAsync(CancellationToken.None);

        // The loop has ended: no trim can follow.
        Assert.True(trimmer.ExecuteTask!.IsCompleted);
    }

    [Fact]
    public async Task FirstPassesDone_LaterInterval()
    {
        var trims = new CountWaiter("trims");
        using var trimmer = new NativeHeapTrimmer(Interval, firstPasses: 3, Never, () => trims.Increment() > 0);

        await trimmer.StartAsync(CancellationToken.None);
        await trims.WaitForAsync(3, Timeout);
        // A hundred first intervals: at 10 ms a fourth pass would have come; at an hour it does not.
        await Task.Delay(Absence.Window);
        await trimmer.StopAsync(CancellationToken.None);

        Assert.Equal(3, trims.Count);
    }

    [Fact]
    public async Task TrimUnsupported_StopsAfterTheFirstAttempt()
    {
        var trims = new CountWaiter("trims");
        using var trimmer = new NativeHeapTrimmer(Interval, firstPasses: 100, Never, () => trims.Increment() < 0);

        await trimmer.StartAsync(CancellationToken.None);
        await trimmer.ExecuteTask!.WaitAsync(Timeout);

        Assert.Equal(1, trims.Count);
        await trimmer.StopAsync(CancellationToken.None);
    }
}
