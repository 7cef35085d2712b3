using Paralarva.Host.Hosting;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The built executable, <c>dotnet Paralarva.Host.dll</c> from the test's output directory, run through
/// <see cref="ChildProcess"/> in a temp working directory with its output captured. Every run is bounded; a
/// process still alive at the bound or at disposal is killed.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    public const int SIGINT = ChildProcess.SigInt;
    public const int SIGTERM = ChildProcess.SigTerm;

    private static readonly TimeSpan ServingBound = TimeSpan.FromSeconds(45);
    private const int ServingAttempts = 3;

    private readonly ChildProcess _process;

    private HostProcess(ChildProcess process) => _process = process;

    /// <summary>Paralarva.Host.dll, copied next to the test assembly by the project reference.</summary>
    public static string HostAssemblyPath => typeof(ParalarvaHost).Assembly.Location;

    /// <summary>The dotnet CLI tells child processes where its host is; fall back to PATH.</summary>
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public string StandardOutput => _process.StandardOutput;

    public string StandardError => _process.StandardError;

    public bool HasExited => _process.HasExited;

    /// <summary>The child's process id, to signal it (SIGHUP reload tests).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Sends a POSIX signal, as Kubernetes (SIGTERM) or an operator's Ctrl+C (SIGINT) would.</summary>
    public void Signal(int signal) => _process.Signal(signal);

    public static HostProcess Start(string workingDirectory, params string[] arguments) =>
        Start(workingDirectory, new Dictionary<string, string?>(), arguments);

    /// <summary>Starts the executable with <paramref name="environment"/> added to (or, null values, removed from) the test's own.</summary>
    public static HostProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        new(ChildProcess.Start(DotnetHost, [HostAssemblyPath, .. arguments], workingDirectory, environment));

    /// <summary>Runs to completion within <paramref name="timeout"/> and returns the exit code.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        ChildProcess.RunAsync(DotnetHost, [HostAssemblyPath, .. arguments], timeout, workingDirectory);

    /// <summary>Waits for the exit (and the end of its output) or kills the process and throws at <paramref name="timeout"/>.</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>
    /// Waits, bounded, for the line the host logs once it listens (<c>Paralarva proxy listening on 127.0.0.1:PORT,
    /// monitoring on port PORT</c>) and returns both ports: with port 0 in the file and <c>-p 0</c> unsupported,
    /// the proxy port is the one the process itself bound.
    /// </summary>
    public async Task<(int ProxyPort, int MonitoringPort)?> WaitUntilListeningAsync(TimeSpan timeout)
    {
        (int, int)? ports = null;
        await Poll.TryAsync(() => Task.FromResult((ports = ListeningPorts(StandardOutput)) is not null), timeout,
            giveUp: () => HasExited ? "exited" : null);
        return ports ?? ListeningPorts(StandardOutput);
    }

    /// <summary>
    /// Starts the executable on <c>proxy.yaml</c> with free ports and waits, bounded, until the proxy accepts
    /// connections; a start that failed (a port taken meanwhile) is retried with new ports.
    /// </summary>
    public static async Task<(HostProcess Host, int ProxyPort, int MonitoringPort)> StartServingAsync(
        string directory, Func<int, string> config, params string[] arguments)
    {
        var failures = string.Empty;
        for (var attempt = 1; attempt <= ServingAttempts; attempt++)
        {
            var listenPort = FreePort.Next();
            var yaml = config(listenPort);
            var file = Path.Combine(directory, "proxy.yaml");
            File.WriteAllText(file, yaml);
            var monitoringPort = FreePort.Next();
            var host = Start(directory, ["-f", file, "-p", monitoringPort.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments]);
            // --next-port may move the proxy: the port is then the one it logs.
            var proxyPort = yaml.Contains("port: " + listenPort, StringComparison.Ordinal) ? listenPort : -1;
            if (proxyPort < 0 && await host.WaitUntilListeningAsync(ServingBound) is { } logged)
                proxyPort = logged.ProxyPort;
            if (proxyPort > 0 && await Poll.TryAsync(() => CanConnectAsync(proxyPort), ServingBound,
                    giveUp: () => host.HasExited ? "exited" : null))
                return (host, proxyPort, monitoringPort);

            failures += "attempt " + attempt + ":\n" + host.StandardOutput + host.StandardError + "\n";
            host.Dispose();
        }

        Assert.Fail("the proxy did not start:\n" + failures);
        return default;
    }

    /// <summary>The peak and current resident set of the process, from /proc (bytes).</summary>
    public (long Peak, long Current) ResidentBytes()
    {
        long peak = 0, current = 0;
        foreach (var line in File.ReadLines("/proc/" + ProcessId + "/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                peak = Kilobytes(line) * 1024;
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                current = Kilobytes(line) * 1024;
        }

        return (peak, current);

        static long Kilobytes(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();

    private static async Task<bool> CanConnectAsync(int port)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port)).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }

    private static (int, int)? ListeningPorts(string output)
    {
        var match = System.Text.RegularExpressions.Regex.Match(
            output, @"Paralarva proxy listening on [^\s,]+:(\d+), monitoring on port (\d+)");
        return match.Success
            ? (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }
}
