using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Paralarva.Host.Hosting;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The built executable, <c>dotnet Paralarva.Host.dll</c> from the test's output directory, run as a
/// child process in a temp working directory with its output captured. Every run is bounded; a process
/// still alive at the bound or at disposal is killed.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private HostProcess(Process process) => _process = process;

    /// <summary>Paralarva.Host.dll, copied next to the test assembly by the project reference.</summary>
    public static string HostAssemblyPath => typeof(ParalarvaHost).Assembly.Location;

    public string StandardOutput => Read(_stdout);

    public string StandardError => Read(_stderr);

    public bool HasExited => _process.HasExited;

    /// <summary>The child's process id, to signal it (SIGHUP reload tests).</summary>
    public int ProcessId => _process.Id;
    public const int SIGINT = 2;
    public const int SIGTERM = 15;

    /// <summary>Sends a POSIX signal, as Kubernetes (SIGTERM) or an operator's Ctrl+C (SIGINT) would.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
            throw new InvalidOperationException("kill(" + _process.Id + ", " + signal + ") failed: errno " + Marshal.GetLastPInvokeError());
    }

    public static HostProcess Start(string workingDirectory, params string[] arguments) =>
        Start(workingDirectory, new Dictionary<string, string?>(), arguments);

    /// <summary>Starts the executable with <paramref name="environment"/> added to (or, null values, removed from) the test's own.</summary>
    public static HostProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        // The dotnet CLI tells child processes where its host is; fall back to PATH.
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        info.ArgumentList.Add(HostAssemblyPath);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        var process = new Process { StartInfo = info };
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => Append(host._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(host._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Runs to completion within <paramref name="timeout"/> and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        using var host = Start(workingDirectory, arguments);
        var exitCode = await host.WaitForExitAsync(timeout);
        return (exitCode, host.StandardOutput, host.StandardError);
    }

    /// <summary>Waits for the exit (and the end of its output) or kills the process and throws at <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException("Paralarva.Host did not exit within " + timeout.TotalSeconds + " s; stderr:\n" + StandardError);
        }

        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }
}
