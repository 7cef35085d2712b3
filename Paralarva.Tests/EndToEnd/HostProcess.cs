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
        new(ChildProcess.Start(DotnetHost, [HostAssemblyPath, .. arguments], workingDirectory));

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

    public void Kill() => _process.Kill();

    public void Dispose() => _process.Dispose();

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
