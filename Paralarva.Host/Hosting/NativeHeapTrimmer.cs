using Microsoft.Extensions.Hosting;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Gives the runtime's freed native memory back to the system every few seconds. Most of it is the JIT's scratch
/// memory: starting up compiles Akka's and YamlDotNet's compiled regular expressions with full optimisation, ~7 MiB
/// of JIT arenas. The runtime keeps freed arenas in a cache that its finalizer thread empties (a cached arena is
/// freed at the second finalizer pass at least 2 s after it was cached), and glibc then keeps that memory resident
/// because it lies below live allocations. Each tick runs a finalizer pass (<see cref="GC.WaitForPendingFinalizers"/>:
/// no collection, only the pass) and trims the C heap: RSS after start 85 → 77 MiB, from about 5 s after start on
/// (bench/README.md, 2026-12-07). A trim with nothing to free costs microseconds.
/// Only the executable runs it: both the finalizer pass and the trim act on the whole process.
/// </summary>
internal sealed class NativeHeapTrimmer(TimeSpan interval, Func<bool> trim) : BackgroundService
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2.5);

    public NativeHeapTrimmer()
        : this(DefaultInterval, static () => NativeHeap.TryTrim(out _))
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start: the first pass waits for the finalizer thread.
        await Task.Yield();
        using var timer = new PeriodicTimer(interval);
        do
        {
            GC.WaitForPendingFinalizers();
            if (!trim())
                return;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
