using System.Diagnostics;
using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>
/// The one launcher of external processes (the proxy executable, nginx, prometheus, helm and other tools): output
/// captured line by line, standard input closed, every wait bounded, and the whole process tree killed at the
/// bound or at disposal, so a test can never leave a child behind.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _combined = new();

    private ChildProcess(Process process, string command)
    {
        _process = process;
        Command = command;
    }

    public string Command { get; }

    public string StandardOutput => Read(_stdout);

    public string StandardError => Read(_stderr);

    /// <summary>Standard output and error interleaved in arrival order, for failure messages.</summary>
    public string Output => Read(_combined);

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
            info.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        // A null value removes the variable the test process itself has.
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            info.Environment[name] = value;

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, fileName + " " + string.Join(' ', info.ArgumentList));
        process.OutputDataReceived += (_, e) => child.Append(child._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._stderr, e.Data);
        if (!process.Start())
            throw new InvalidOperationException("could not start " + child.Command);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to completion within <paramref name="timeout"/>; kills it and throws past that.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        using var child = Start(fileName, arguments, workingDirectory, environment?.ToDictionary(e => e.Key, string? (e) => e.Value));
        var exitCode = await child.WaitForExitAsync(timeout).ConfigureAwait(false);
        return (exitCode, child.StandardOutput, child.StandardError);
    }

    /// <summary>Waits for the exit and the end of its output, or kills the tree and throws at <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            // Waits for the redirected streams' end too, so the output is complete.
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException(Command + " did not exit within " + timeout.TotalSeconds + " s; output:\n" + Output);
        }

        return _process.ExitCode;
    }

    /// <summary>Sends a POSIX signal, as Kubernetes (SIGTERM), an operator's Ctrl+C (SIGINT) or a reload (SIGHUP) would.</summary>
    public void Signal(int signal) => Posix.Signal(_process.Id, signal);

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

    /// <summary>Kills the tree and waits, bounded, until it is reaped.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        Kill();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Not started, or not reaped in time: disposal goes on regardless.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
        lock (_combined)
            _combined.AppendLine(line);
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
            return output.ToString();
    }
}
