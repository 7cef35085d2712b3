using System.Diagnostics;

using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Waits, bounded in time, for what the proxy reports asynchronously: a line of /metrics, a line of the access log.</summary>
internal static class ProxyReports
{
    public static async Task<string> WaitForLineAsync(InProcessProxy proxy, string line, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + proxy.MonitoringPort), Timeout = TimeSpan.FromSeconds(10) };
        var text = string.Empty;
        await Poll.UntilAsync(async () => HasLine(text = await http.GetStringAsync("/metrics"), line), "line '" + line + "' in /metrics",
            timeout ?? TimeSpan.FromSeconds(10));
        return text;
    }

    /// <summary>Waits until the file at <paramref name="path"/> holds a complete line (the access log writes asynchronously).</summary>
    public static async Task WaitForFileLineAsync(string path, TimeSpan? timeout = null, int lines = 1)
    {
        await Poll.UntilAsync(() => CompleteLines(path) >= lines, lines + " line(s) in " + path, timeout ?? TimeSpan.FromSeconds(10));
    }

    private static int CompleteLines(string path)
    {
        if (!File.Exists(path))
            return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Count(c => c == '\n');
    }

    private static bool HasLine(string text, string line) => MetricsReader.HasLine(text, line);
}
