using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>The executable itself: configuration errors, <c>--check-config</c>, and serving from a config file.</summary>
[Collection(TestCollections.Processes)]
public sealed class ProcessTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _directory = new("paralarva-e2e-");

    [Fact]
    public async Task InvalidConfig_Exit2ListingEveryErrorWithItsLine()
    {
        // DESIGN.md configuration: every problem at once, with its line and path, and exit status 2.
        var file = WriteConfig("bad.yaml", """
            proxy:
              listen:
                address: "127.0.0.1"
                port: 70000
              services:
                - name: a
                  domain: a.example
                  strategy: fastest
                  hosts:
                    - address: "127.0.0.1"
                      port: 0
                - name: b
                  domain: A.example
                  hosts:
                    - address: "10.0.0.256"
                      port: 9001
            """);

        var (exitCode, _, stderr) = await HostProcess.RunAsync(_directory.Path, ExitTimeout, "-f", file);

        Assert.True(exitCode == 2, "exit code " + exitCode + "; stderr:\n" + stderr);
        Assert.Contains("Invalid configuration " + file, stderr, StringComparison.Ordinal);
        Assert.Contains("line 4: listen.port:", stderr, StringComparison.Ordinal);
        Assert.Contains("line 8: services[0].strategy:", stderr, StringComparison.Ordinal);
        Assert.Contains("line 11: services[0].hosts[0].port:", stderr, StringComparison.Ordinal);
        Assert.Contains("line 13: services[1].domain:", stderr, StringComparison.Ordinal);
        Assert.Contains("line 15: services[1].hosts[0].address:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_YamlTheParserThrowsOn_Exit2WithLineAndNoStackTrace()
    {
        // An unclosed flow sequence: YamlDotNet's scanner throws an InvalidOperationException, not a YamlException.
        var file = WriteConfig("unclosed.yaml", Config(8080, memberPort: 9001).Replace("domain: svc.example", "domain: [svc.example", StringComparison.Ordinal));

        var (exitCode, _, stderr) = await HostProcess.RunAsync(_directory.Path, ExitTimeout, "--check-config", "-f", file);

        Assert.True(exitCode == 2, "exit code " + exitCode + "; stderr:\n" + stderr);
        Assert.Matches(@"line \d+: services\[0\]\.domain\[0\]: YAML syntax error at column \d+", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_FileAboveMaxConfigBytes_Exit2BeforeParsing()
    {
        var file = WriteConfig("big.yaml", Config(8080, memberPort: 9001) + "\n" + new string('#', 2000) + "\n");

        var (exitCode, _, stderr) = await HostProcess.RunAsync(_directory.Path, ExitTimeout, "--check-config", "--max-config-bytes", "1024", "-f", file);

        Assert.True(exitCode == 2, "exit code " + exitCode + "; stderr:\n" + stderr);
        Assert.Contains("is larger than 1024 bytes, the limit (--max-config-bytes)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfig_ValidFile_Exit0WithoutServing()
    {
        // The ports are taken on purpose: --check-config must validate without binding anything.
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var file = WriteConfig("good.yaml", Config(((System.Net.IPEndPoint)taken.LocalEndpoint).Port, memberPort: 9001));

        var (exitCode, stdout, stderr) = await HostProcess.RunAsync(_directory.Path, ExitTimeout, "--check-config", "-f", file);

        Assert.True(exitCode == 0, "exit code " + exitCode + "; stderr:\n" + stderr);
        Assert.Contains("is valid", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidConfig_ServesRequestsToItsMembers()
    {
        // README: the executable reads the YAML file and serves; the in-process tests bypass the file and the CLI.
        await using var origin = new TestOrigin("a");
        var (host, listenPort, _) = await HostProcess.StartServingAsync(_directory.Path, listen => Config(listen, origin.Port));
        using (host)
        {
            await using var client = await RawHttpClient.ConnectAsync(listenPort);
            var response = await client.SendAndReadAsync(RawRequest.Get("Svc.Example:" + listenPort, "/from-process"));

            Assert.Equal(200, response.StatusCode);
            Assert.Equal(origin.DefaultBody, response.BodyText);
            Assert.Equal("/from-process", Assert.Single(await origin.WaitForRequestsAsync(1)).Target);
        }
    }

    [Fact]
    public async Task Serving_NeverLoadsSystemConfigurationOrXml()
    {
        // Hosting/AkkaSystemFactory.cs: Akka.NET's own ActorSystem.Create reads app.config through System.Configuration,
        // which maps these assemblies (about 5 MiB resident) for a section the proxy never has.
        await using var origin = new TestOrigin("a");
        var (host, listenPort, _) = await HostProcess.StartServingAsync(_directory.Path, listen => Config(listen, origin.Port));
        using (host)
        {
            await using var client = await RawHttpClient.ConnectAsync(listenPort);
            Assert.Equal(200, (await client.SendAndReadAsync(RawRequest.Get("svc.example:" + listenPort, "/"))).StatusCode);

            var mapped = (await File.ReadAllLinesAsync($"/proc/{host.ProcessId}/maps"))
                .Select(line => Path.GetFileName(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last()))
                .ToHashSet(StringComparer.Ordinal);

            Assert.Contains("Akka.dll", mapped);
            Assert.DoesNotContain("System.Configuration.ConfigurationManager.dll", mapped);
            Assert.DoesNotContain("System.Private.Xml.dll", mapped);
        }
    }

    [Fact]
    public async Task AspNetCoreAddressesInTheEnvironment_IgnoredWithoutWarning_MetricsOnlyParalarvaAndProcess()
    {
        // Every official .NET container image sets ASPNETCORE_HTTP_PORTS; the monitoring port is -p and nothing else.
        await using var origin = new TestOrigin("a");
        using var envPort = new TcpListener(System.Net.IPAddress.Loopback, 0);
        envPort.Start();
        var takenPort = ((System.Net.IPEndPoint)envPort.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        envPort.Stop();
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_HTTP_PORTS"] = takenPort,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:" + takenPort,
        };
        var (host, _, monitoringPort) = await HostProcess.StartServingAsync(_directory.Path, environment, listen => Config(listen, origin.Port));
        using (host)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("http://127.0.0.1:" + monitoringPort + "/healthz"))).StatusCode);
            var metrics = await http.GetStringAsync(new Uri("http://127.0.0.1:" + monitoringPort + "/metrics"));
            host.Signal(HostProcess.SIGINT);
            Assert.Equal(0, await host.WaitForExitAsync(ExitTimeout));

            var output = host.StandardOutput + host.StandardError;
            Assert.DoesNotContain("Overriding", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Now listening on: http://127.0.0.1:" + takenPort, output, StringComparison.Ordinal);
            foreach (var line in metrics.Split('\n'))
            {
                if (line.Length == 0 || line[0] == '#')
                    continue;
                Assert.True(
                    line.StartsWith("paralarva_", StringComparison.Ordinal) || line.StartsWith("process_", StringComparison.Ordinal)
                        || line.StartsWith("dotnet_collection_count_total", StringComparison.Ordinal)
                        || line.StartsWith("dotnet_total_memory_bytes", StringComparison.Ordinal),
                    "unexpected series: " + line);
            }

            Assert.Contains("process_cpu_seconds_total ", metrics, StringComparison.Ordinal);
            Assert.Contains("dotnet_total_memory_bytes ", metrics, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _directory.Dispose();

    private static string Config(int listenPort, int memberPort) => $"""
        proxy:
          listen:
            address: "127.0.0.1"
            port: {listenPort}
          services:
            - name: svc
              domain: svc.example
              hosts:
                - address: "127.0.0.1"
                  port: {memberPort}
        """;

    private string WriteConfig(string name, string yaml)
    {
        var path = _directory.PathOf(name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
