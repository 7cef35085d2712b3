using System.Diagnostics;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Reads a running proxy's /metrics until a line appears: the MetricsActor hears of events asynchronously.</summary>
internal static class MetricsText
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

    private static bool HasLine(string text, string line) =>
        text.Split('\n').Any(l => l.TrimEnd('\r') == line);
}
