using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Paralarva.Tests.Common;
using Paralarva.Tests.EndToEnd;

namespace Paralarva.Tests.Hosting;

/// <summary>
/// <c>--log-format</c>: text is one line per entry, json one object per line, Akka's entries included, so that a
/// log shipper can parse them. A start that fails (the listen port is taken) logs entries with exceptions, the case
/// where multi-line output would break a shipper.
/// </summary>
public sealed partial class LogFormatTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new("paralarva-logs-");

    [Fact]
    public async Task Text_EveryEntryOneLineWithUtcTimestamp_ExceptionsIncluded()
    {
        var stdout = await RunWithTakenPortAsync("text");

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
            Assert.Matches(TextLine(), line);
        Assert.Contains(lines, static l => l.Contains(" fail: Akka.IO.TcpListener[", StringComparison.Ordinal)
            && l.Contains("SocketException", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.Contains(" fail: Paralarva.Actors.Listener.ListenerActor[", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_EveryLineAnObjectWithTheFieldsShippersRead()
    {
        var stdout = await RunWithTakenPortAsync("json");

        var entries = new List<JsonElement>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.True(line.StartsWith('{'), "a line that is not a JSON object:\n" + line + "\nin:\n" + stdout);
            using var document = JsonDocument.Parse(line);
            entries.Add(document.RootElement.Clone());
        }

        Assert.NotEmpty(entries);
        foreach (var entry in entries)
        {
            var timestamp = entry.GetProperty("Timestamp").GetString()!;
            Assert.EndsWith("Z", timestamp, StringComparison.Ordinal);
            Assert.True(DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), timestamp);
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("LogLevel").GetString()));
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("Category").GetString()));
            Assert.Equal(JsonValueKind.String, entry.GetProperty("Message").ValueKind);
        }

        // Akka's entries: their own category, the bare message, the actor path as a field, the exception as one string.
        var bindFailed = Assert.Single(entries, static e => e.GetProperty("Category").GetString() == "Akka.IO.TcpListener"
            && e.GetProperty("LogLevel").GetString() == "Error");
        Assert.StartsWith("Bind failed", bindFailed.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Contains("SocketException", bindFailed.GetProperty("Exception").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("akka://paralarva/", bindFailed.GetProperty("State").GetProperty("ActorPath").GetString(), StringComparison.Ordinal);
        Assert.Contains(entries, static e => e.GetProperty("Category").GetString() == "Paralarva.Actors.Listener.ListenerActor");
    }

    public void Dispose() => _directory.Dispose();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): \S+\[\d+\] ")]
    private static partial Regex TextLine();

    /// <summary>Starts the executable on a port the test holds: it logs, fails to bind and exits 1.</summary>
    private async Task<string> RunWithTakenPortAsync(string format)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var file = _directory.PathOf("config.yaml");
        await File.WriteAllTextAsync(file, $"""
            proxy:
              listen:
                address: "127.0.0.1"
                port: {port}
              services:
                - name: svc
                  domain: svc.example
                  hosts:
                    - address: "127.0.0.1"
                      port: 9
            """);

        using var host = HostProcess.Start(_directory.Path, "-f", file, "--log-format", format, "-p", "0");
        var exitCode = await host.WaitForExitAsync(ExitTimeout);

        Assert.True(exitCode == 1, "exit code " + exitCode + "; stderr:\n" + host.StandardError);
        return host.StandardOutput;
    }
}
