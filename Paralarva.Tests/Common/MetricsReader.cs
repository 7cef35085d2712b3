using System.Globalization;
using System.Text;
using Prometheus;

namespace Paralarva.Tests.Common;

/// <summary>
/// The one reader of Prometheus text exposition for tests: from a registry in process, or scraped from a running
/// proxy's monitoring port; whole-line matches and sample values, so <c>code="20"</c> never matches <c>code="200"</c>.
/// </summary>
public static class MetricsReader
{
    /// <summary>The registry's exposition, as <c>/metrics</c> would serve it.</summary>
    public static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream).ConfigureAwait(false);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>One scrape of <c>http://127.0.0.1:<paramref name="monitoringPort"/>/metrics</c>.</summary>
    public static async Task<string> ScrapeAsync(int monitoringPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync("http://127.0.0.1:" + monitoringPort.ToString(CultureInfo.InvariantCulture) + "/metrics")
            .ConfigureAwait(false);
    }

    public static string[] Lines(string text) => text.Split('\n');

    /// <summary>True when <paramref name="line"/> is one whole line of <paramref name="text"/>.</summary>
    public static bool HasLine(string text, string line) => Array.IndexOf(Lines(text), line) >= 0;

    /// <summary>The value of the series written exactly as <paramref name="series"/> (name and labels), or null when absent.</summary>
    public static double? Value(string text, string series)
    {
        foreach (var line in Lines(text))
        {
            if (line.Length > series.Length && line.StartsWith(series, StringComparison.Ordinal) && line[series.Length] == ' ')
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
        }

        return null;
    }

    /// <summary>The lines containing <paramref name="fragment"/>, for failure messages.</summary>
    public static string Matching(string text, string fragment) =>
        string.Join('\n', Lines(text).Where(l => l.Contains(fragment, StringComparison.Ordinal)));
}
