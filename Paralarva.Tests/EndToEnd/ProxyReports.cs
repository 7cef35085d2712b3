using System.Diagnostics;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Waits, bounded in time, for what the proxy reports asynchronously: a line of /metrics, a line of the access log.</summary>
internal static class ProxyReports
{
    public static async Task<string> WaitForLineAsync(InProcessProxy proxy, string line, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + proxy.MonitoringPort), Timeout = TimeSpan.FromSeconds(10) };
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        var text = await http.GetStringAsync("/metrics");
        while (!HasLine(text, line) && clock.Elapsed < limit)
        {
            await Task.Delay(50);
            text = await http.GetStringAsync("/metrics");
        }

        Assert.True(HasLine(text, line), "no line '" + line + "' in /metrics");
        return text;
    }

    /// <summary>Waits until the file at <paramref name="path"/> holds a complete line (the access log writes asynchronously).</summary>
    public static async Task WaitForFileLineAsync(string path, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (!HasCompleteLine(path) && clock.Elapsed < limit)
            await Task.Delay(50);
        Assert.True(HasCompleteLine(path), "no line in " + path);
    }

    private static bool HasCompleteLine(string path)
    {
        if (!File.Exists(path))
            return false;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Contains('\n');
    }

    private static bool HasLine(string text, string line) =>
        text.Split('\n').Any(l => l.TrimEnd('\r') == line);
}
