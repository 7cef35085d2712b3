using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The executable's own behaviour, through the real process: <c>--next-port</c>, a taken listen port, <c>--demo</c>,
/// <c>-a</c>, <c>-l</c> and the stdout access log (the debounce of file reloads: <see cref="ReloadDebounceProcessTests"/>). The process binds port 0 in the
/// file and <c>-p 0</c> and logs the ports it got (<see cref="HostProcess.StartServingAsync(string, Func{int, string}, string[])"/>);
/// a port the test holds itself is race free. Picked free beforehand, and retried when taken meanwhile: a demo
/// member's port (the file names it, and a member cannot be port 0) and the ports of the <c>-l warn</c> run, which
/// hides the line giving them.
/// </summary>
[Collection(TestCollections.Processes)]
public sealed class ExecutableFlagsTests : IDisposable
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new("paralarva-flags-");

    [Fact]
    public async Task ListenPortTaken_WithoutNextPort_Exit1WithTheMessage()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var file = WriteConfig(Config(port, memberPort: 9));

        var (exitCode, stdout, stderr) = await HostProcess.RunAsync(_directory.Path, ExitBound, "-f", file, "-p", "0", "-l", "warn");

        Assert.True(exitCode == 1, "exit code " + exitCode + "; stdout:\n" + stdout + "\nstderr:\n" + stderr);
        var message = stderr.Trim();
        Assert.Contains("127.0.0.1:" + port, message, StringComparison.Ordinal);
        Assert.Contains("in use", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task NextPort_ListenPortTaken_ListensOnAFollowingPortAndServes()
    {
        await using var origin = new TestOrigin("a");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (host, proxyPort, _) = await StartAsync(_ => Config(port, origin.Port), "-n", "-l", "info");
        using (host)
        {
            var logged = await host.WaitUntilListeningAsync(StartBound);
            Assert.True(logged is not null, "no listening line:\n" + host.StandardOutput);
            Assert.True(logged.Value.ProxyPort > port, "listening on " + logged.Value.ProxyPort + ", not after the taken " + port);
            Assert.Equal(proxyPort, logged.Value.ProxyPort);
            await using var client = await RawHttpClient.ConnectAsync(proxyPort);
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("svc.example", "/next"))).StatusCode);
            Assert.Equal("/next", Assert.Single(await origin.WaitForRequestsAsync(1)).Target);
        }
    }

    [Fact]
    public async Task Demo_ServesFromBuiltInMembers_OnlyOnTheConfiguredAddress()
    {
        var memberPort = 0;
        // The demo member binds the port the file names: picked anew with each start attempt.
        var (host, proxyPort, _) = await StartAsync(listen => Config(listen, memberPort = FreePort.Next()), "--demo", "-l", "info");
        using (host)
        {
            await using var client = await RawHttpClient.ConnectAsync(proxyPort);
            var response = await client.SendAndReadAsync(RawRequest.Get("svc.example", "/demo"));

            Assert.Equal(200, response.StatusCode);
            Assert.Contains("demo member 127.0.0.1:" + memberPort, response.BodyText, StringComparison.Ordinal);
            // Without -a only the configured address listens: another loopback address is refused.
            Assert.False(await CanConnectAsync(IPAddress.Parse("127.0.0.2"), proxyPort), "127.0.0.2 was served without -a");
            // -l info: information lines, no debug ones.
            Assert.Contains("Paralarva proxy listening on", host.StandardOutput, StringComparison.Ordinal);
            Assert.False(HasDebugLines(host.StandardOutput), "debug lines at -l info:\n" + host.StandardOutput);
        }
    }

    [Fact]
    public async Task ListenAllAddresses_ProxyAndMonitoringAnswerOnEveryAddress_AndDebugLogs()
    {
        await using var origin = new TestOrigin("a");
        var (host, proxyPort, monitoringPort) = await StartAsync(listen => Config(listen, origin.Port), "-a", "-l", "debug");
        using (host)
        {
            // 127.0.0.2 is loopback too, but only a socket bound to every address accepts it when 127.0.0.1 is configured.
            var other = IPAddress.Parse("127.0.0.2");
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(new IPEndPoint(other, proxyPort)).WaitAsync(TimeSpan.FromSeconds(10));
            await socket.SendAsync("GET /all HTTP/1.1\r\nHost: svc.example\r\nConnection: close\r\n\r\n"u8.ToArray());
            var answer = new byte[256];
            var received = await socket.ReceiveAsync(answer, SocketFlags.None).WaitAsync(TimeSpan.FromSeconds(10));
            var status = System.Text.Encoding.Latin1.GetString(answer, 0, received);
            Assert.True(status.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), "answered over 127.0.0.2: " + status + "\n" + host.StandardOutput);
            Assert.Equal("/all", Assert.Single(await origin.WaitForRequestsAsync(1)).Target);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var health = await http.GetAsync("http://127.0.0.2:" + monitoringPort + "/healthz");
            Assert.True(health.IsSuccessStatusCode, "/healthz on 127.0.0.2: " + health.StatusCode);
            // -a listens dual-stack: one [::] socket takes IPv4 and IPv6 clients.
            Assert.Contains("[::]:" + proxyPort, host.StandardOutput, StringComparison.Ordinal);
            Assert.True(HasDebugLines(host.StandardOutput), "no debug line at -l debug:\n" + host.StandardOutput);
        }
    }

    [Fact]
    public async Task AccessLogStdout_OneJsonLinePerRequest_AndWarnLevelHidesInformation()
    {
        await using var origin = new TestOrigin("a");
        var (host, proxyPort, _) = await StartAsync(listen => Config(listen, origin.Port, "  access_log: stdout\n"), "-l", "warn");
        using (host)
        {
            await using (var client = await RawHttpClient.ConnectAsync(proxyPort))
            {
                for (var i = 0; i < 3; i++)
                    Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("svc.example", "/log/" + i))).StatusCode);
                Assert.Equal(400, (await client.SendAndReadAsync(RawRequest.Get("nowhere.example", "/none"))).StatusCode); // no route
            }

            var lines = await Poll.ForValueAsync(
                () => Task.FromResult(AccessLines(host.StandardOutput) is { Count: >= 4 } found ? found : null),
                "four access log lines on stdout", TimeSpan.FromSeconds(15), giveUp: () => host.HasExited ? "exited" : null);

            Assert.Equal(4, lines.Count);
            for (var i = 0; i < 3; i++)
            {
                var entry = lines[i].RootElement;
                Assert.Equal("GET", entry.GetProperty("method").GetString());
                Assert.Equal("/log/" + i, entry.GetProperty("target").GetString());
                Assert.Equal("svc", entry.GetProperty("service").GetString());
                Assert.Equal(200, entry.GetProperty("status").GetInt32());
                Assert.Equal("127.0.0.1:" + origin.Port, entry.GetProperty("member").GetString());
            }

            Assert.Equal(400, lines[3].RootElement.GetProperty("status").GetInt32());
            // -l warn: the start-up information line is not printed, the access log still is.
            Assert.DoesNotContain("Paralarva proxy listening", host.StandardOutput, StringComparison.Ordinal);
            Assert.False(HasDebugLines(host.StandardOutput));
        }
    }

    public void Dispose() => _directory.Dispose();

    private Task<(HostProcess Host, int ProxyPort, int MonitoringPort)> StartAsync(Func<int, string> config, params string[] arguments) =>
        HostProcess.StartServingAsync(_directory.Path, config, arguments);

    private static async Task<bool> CanConnectAsync(IPAddress address, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port)).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The console logger marks debug entries "dbug:", Akka's own text "[DEBUG]".</summary>
    private static bool HasDebugLines(string output) =>
        output.Contains("dbug:", StringComparison.Ordinal) || output.Contains("[DEBUG]", StringComparison.Ordinal);

    private static List<JsonDocument> AccessLines(string stdout)
    {
        var lines = new List<JsonDocument>();
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith("{\"time\"", StringComparison.Ordinal))
                lines.Add(JsonDocument.Parse(line));
        }

        return lines;
    }

    internal static string Config(int listenPort, int memberPort, string extra = "") =>
        "proxy:\n  listen:\n    address: \"127.0.0.1\"\n    port: " + listenPort.ToString(CultureInfo.InvariantCulture) + "\n" + extra +
        "  services:\n    - name: svc\n      domain: svc.example\n      hosts:\n        - address: \"127.0.0.1\"\n          port: " +
        memberPort.ToString(CultureInfo.InvariantCulture) + "\n";

    private string WriteConfig(string yaml)
    {
        var path = _directory.PathOf("proxy.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
