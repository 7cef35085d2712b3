using Microsoft.Extensions.Hosting;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Gives the runtime's freed native memory back to the system. Most of it is the JIT's scratch memory: starting up
/// compiles Akka's and YamlDotNet's compiled regular expressions with full optimisation, ~7 MiB of JIT arenas, and
/// the first load recompiles the hot methods. The runtime keeps freed arenas in a cache that its finalizer thread
/// empties (an arena is freed at the second finalizer pass at least 2 s after it was cached), and glibc then keeps
/// that memory resident because it lies below live allocations. Each pass runs a finalizer pass
/// (<see cref="GC.WaitForPendingFinalizers"/>: no collection, only the pass) and trims the C heap: RSS after start
/// 85 → 77 MiB (bench/README.md, 2026-12-07). Passes come every 2.5 s through start-up and the first load, then
/// every 30 s: a trim under load takes up to 4 ms, and the pages it frees are faulted in again.
/// Only the executable runs it: both the finalizer pass and the trim act on the whole process.
/// </summary>
internal sealed class NativeHeapTrimmer(TimeSpan firstInterval, int firstPasses, TimeSpan laterInterval, Func<bool> trim)
    : BackgroundService
{
    public NativeHeapTrimmer()
        : this(TimeSpan.FromSeconds(2.5), firstPasses: 24, TimeSpan.FromSeconds(30), static () => NativeHeap.TryTrim(out _))
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start: a pass waits for the finalizer thread.
        await Task.Yield();
        using var timer = new PeriodicTimer(firstInterval);
        var passes = 0;
        do
        {
            GC.WaitForPendingFinalizers();
            if (!trim())
                return;
            if (++passes == firstPasses)
                timer.Period = laterInterval;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
