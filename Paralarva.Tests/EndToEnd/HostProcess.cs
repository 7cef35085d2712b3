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
    /// monitoring on port PORT</c>, at <c>-l info</c> and below) and returns both ports as bound: with port 0 in the file
    /// and <c>-p 0</c> they are the ones the process picked. Null if the process exited or the bound passed first.
    /// </summary>
    public async Task<(int ProxyPort, int MonitoringPort)?> WaitUntilListeningAsync(TimeSpan timeout)
    {
        (int, int)? ports = null;
        await Poll.TryAsync(() => Task.FromResult((ports = ListeningPorts(StandardOutput)) is not null), timeout,
            giveUp: () => HasExited ? "exited" : null);
        return ports ?? ListeningPorts(StandardOutput);
    }

    /// <summary>
    /// Starts the executable on <c>proxy.yaml</c> (<paramref name="config"/> called with the listen port to write,
    /// 0) with <c>-p 0</c>, and returns once it logged the ports it bound: no port is reserved and released before
    /// the process binds it. The listening line needs <c>-l info</c> or below (the default): with <c>-l warn</c> or
    /// <c>-l error</c> in <paramref name="arguments"/> the ports are picked free beforehand instead (see
    /// <see cref="FreePort"/>). A start that failed (a port the file names taken meanwhile, such as a demo member's) is
    /// retried with a new file.
    /// </summary>
    public static Task<(HostProcess Host, int ProxyPort, int MonitoringPort)> StartServingAsync(
        string directory, Func<int, string> config, params string[] arguments) =>
        StartServingAsync(directory, new Dictionary<string, string?>(), config, arguments);

    /// <summary>As <see cref="StartServingAsync(string, Func{int, string}, string[])"/>, with <paramref name="environment"/> added to the test's own.</summary>
    public static async Task<(HostProcess Host, int ProxyPort, int MonitoringPort)> StartServingAsync(
        string directory, IReadOnlyDictionary<string, string?> environment, Func<int, string> config, params string[] arguments)
    {
        var logsListening = !HidesInformation(arguments);
        var failures = string.Empty;
        for (var attempt = 1; attempt <= ServingAttempts; attempt++)
        {
            var listenPort = logsListening ? 0 : FreePort.Next();
            var monitoringPort = logsListening ? 0 : FreePort.Next();
            var file = Path.Combine(directory, "proxy.yaml");
            File.WriteAllText(file, config(listenPort));
            var host = Start(directory, environment, ["-f", file, "-p", monitoringPort.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments]);
            if (logsListening)
            {
                if (await host.WaitUntilListeningAsync(ServingBound) is { } logged)
                    return (host, logged.ProxyPort, logged.MonitoringPort);
            }
            // Readiness on the monitoring port, not a connect to the listen port: a reserved port taken meanwhile by
            // another test's listener would accept the connect, while only this proxy answers its /readyz.
            else if (await Poll.TryAsync(() => IsReadyAsync(monitoringPort), ServingBound, giveUp: () => host.HasExited ? "exited" : null)
                && !host.HasExited)
            {
                return (host, listenPort, monitoringPort);
            }

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

    private static async Task<bool> IsReadyAsync(int monitoringPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await http.GetAsync("http://127.0.0.1:" + monitoringPort + "/readyz");
            return response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync() == "ready\n";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>True when the arguments set a log level that hides the information line giving the ports.</summary>
    private static bool HidesInformation(string[] arguments)
    {
        for (var i = 0; i + 1 < arguments.Length; i++)
        {
            if (arguments[i] is "-l" or "--log-level" && arguments[i + 1] is "warn" or "error")
                return true;
        }

        return false;
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
