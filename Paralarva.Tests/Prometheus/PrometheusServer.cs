using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.Prometheus;

/// <summary>
/// A real Prometheus server (the distribution's <c>prometheus</c>) on a loopback port it binds itself (port 0), with a generated
/// configuration and its storage in a temporary directory. Queries go through its HTTP API. Disposal kills
/// it and deletes the directory.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;
    private readonly DirectoryInfo _directory;
    private readonly HttpClient _http;

    private PrometheusServer(ChildProcess process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Log => _process.Output;

    /// <summary>
    /// Starts a server on <paramref name="configYaml"/> listening on port 0, reads the port it bound from its
    /// <c>msg="Listening on" address=127.0.0.1:PORT</c> line and waits until it is ready.
    /// </summary>
    public static async Task<PrometheusServer> StartAsync(string configYaml)
    {
        var directory = Directory.CreateTempSubdirectory("paralarva-prometheus-test-");
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        File.WriteAllText(config, configYaml);
        var process = ChildProcess.Start(PrometheusTools.Server, [
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory.FullName, "data"),
            "--web.listen-address=127.0.0.1:0",
            "--log.level=info",
        ], directory.FullName);
        PrometheusServer? server = null;
        try
        {
            int? port = null;
            await Poll.UntilAsync(
                () => (port = ListeningPort(process.Output)) is not null,
                "prometheus to log the port it listens on", StartTimeout, TimeSpan.FromMilliseconds(50),
                giveUp: () => process.HasExited ? "prometheus exited with " + process.ExitCode + " at start-up:\n" + process.Output : null);
            server = new PrometheusServer(process, directory, port!.Value);
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch (Exception)
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else
            {
                process.Dispose();
                directory.Delete(recursive: true);
            }

            throw;
        }
    }

    /// <summary>An instant query (<c>/api/v1/query</c>), evaluated now or at <paramref name="time"/> (Unix seconds).</summary>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string promql, double? time = null)
    {
        var uri = "/api/v1/query?query=" + Uri.EscapeDataString(promql);
        if (time is { } t)
            uri += "&time=" + t.ToString("0.###", CultureInfo.InvariantCulture);
        using var response = await _http.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new Xunit.Sdk.XunitException("query " + promql + " failed: " + (int)response.StatusCode + " " + body);

        using var json = JsonDocument.Parse(body);
        var data = json.RootElement.GetProperty("data");
        Assert.Equal("vector", data.GetProperty("resultType").GetString());
        var samples = new List<PrometheusSample>();
        foreach (var element in data.GetProperty("result").EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in element.GetProperty("metric").EnumerateObject())
                labels[label.Name] = label.Value.GetString() ?? string.Empty;
            var value = element.GetProperty("value");
            samples.Add(new PrometheusSample(
                labels,
                value[0].GetDouble(),
                double.Parse(value[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    /// <summary>The body of a GET on the HTTP API (e.g. <c>/api/v1/rules</c>); a status other than 200 fails the test.</summary>
    public async Task<string> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : throw new Xunit.Sdk.XunitException("GET " + path + " failed: " + (int)response.StatusCode + " " + body);
    }

    /// <summary>The value of a query expected to return exactly one sample.</summary>
    public async Task<PrometheusSample> QuerySingleAsync(string promql, double? time = null)
    {
        var samples = await QueryAsync(promql, time);
        return samples.Count == 1
            ? samples[0]
            : throw new Xunit.Sdk.XunitException("query " + promql + " returned " + samples.Count + " samples: " + string.Join("; ", samples));
    }

    /// <summary>Runs <paramref name="probe"/> until it returns a value, bounded by <paramref name="limit"/>.</summary>
    public Task<T> PollAsync<T>(string what, TimeSpan limit, Func<Task<T?>> probe)
        where T : class =>
        Poll.ForValueAsync(probe, "Prometheus to show " + what, limit, TimeSpan.FromMilliseconds(250),
            giveUp: () => _process.HasExited ? "prometheus exited with " + _process.ExitCode + ":\n" + Log : null);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            await _process.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _process.Dispose();
            _directory.Delete(recursive: true);
        }
    }

    private static int? ListeningPort(string log)
    {
        var match = System.Text.RegularExpressions.Regex.Match(log, @"msg=""Listening on"" address=127\.0\.0\.1:(\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private Task WaitUntilReadyAsync() =>
        Poll.UntilAsync(async () =>
        {
            try
            {
                using var response = await _http.GetAsync("/-/ready");
                return response.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
        }, "prometheus to be ready", StartTimeout, TimeSpan.FromMilliseconds(100),
            giveUp: () => _process.HasExited ? "prometheus exited with " + _process.ExitCode + " at start-up:\n" + Log : null);

}
