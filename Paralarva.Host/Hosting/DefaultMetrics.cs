using Prometheus;

namespace Paralarva.Host.Hosting;

/// <summary>
/// What <c>/metrics</c> exports besides Paralarva's own: the process metrics under their conventional names
/// (<c>process_cpu_seconds_total</c>, <c>process_resident_memory_bytes</c>…, and the runtime's
/// <c>dotnet_collection_count_total</c> and <c>dotnet_total_memory_bytes</c>), nothing else. prometheus-net's default
/// would also publish every .NET meter and event counter (<c>system_runtime_dotnet_gc_collections</c>, ASP.NET's and
/// Kestrel's instruments, …) under names derived mechanically from the instruments, and its own debug metrics:
/// dozens of series nobody alerts on, in names no dashboard knows.
/// </summary>
internal static class DefaultMetrics
{
    private static readonly Lock Gate = new();
    private static bool s_configured;

    /// <summary>Once per process, before anything is registered on the default registry (a second call does nothing).</summary>
    public static void Configure()
    {
        lock (Gate)
        {
            if (s_configured)
                return;
            s_configured = true;
            Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
            {
                SuppressProcessMetrics = false,
                SuppressDebugMetrics = true,
                SuppressEventCounters = true,
                SuppressMeters = true,
            });
        }
    }
}
