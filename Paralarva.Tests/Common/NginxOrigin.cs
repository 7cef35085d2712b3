using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>
/// A real nginx (Debian package <c>nginx</c>) as an origin server, in its own temp directory
/// with its own nginx.conf, on 127.0.0.1 and a free port, keep-alive on. It serves:
/// <list type="bullet">
/// <item><c>/</c>: <c>nginx {name}\n</c> with Content-Length (<see cref="RootBody"/>);</item>
/// <item><see cref="FilePath"/>: static files of the configured sizes filled with <see cref="BodyPattern"/>;</item>
/// <item><see cref="ChunkedPath"/>: a chunked response (SSI drops the length) of <see cref="ChunkedBody"/>;</item>
/// <item><c>/status/{code}</c> for each of <see cref="StatusCodes"/>;</item>
/// <item><see cref="EchoPath"/> (request body echoed) and <see cref="HeadersPath"/> (request head echoed)
/// when the echo module (package <c>libnginx-mod-http-echo</c>) is installed: see <see cref="SupportsEcho"/>.</item>
/// </list>
/// Disposal kills nginx and deletes the directory.
/// </summary>
public sealed class NginxOrigin : IAsyncDisposable
{
    public const string ChunkedPath = "/chunked";
    public const string EchoPath = "/echo";
    public const string HeadersPath = "/headers";

    public static readonly IReadOnlyList<int> StatusCodes =
        [200, 201, 202, 204, 301, 302, 304, 307, 400, 401, 403, 404, 405, 409, 410, 413, 429, 500, 501, 502, 503, 504];

    private const int StartAttempts = 5;

    private readonly ChildProcess _process;
    private int _disposed;

    private NginxOrigin(string name, string directory, int port, bool supportsEcho, ChildProcess process)
    {
        Name = name;
        Directory = directory;
        Port = port;
        SupportsEcho = supportsEcho;
        _process = process;
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>The temp directory holding nginx.conf, logs and the served files.</summary>
    public string Directory { get; }

    public bool SupportsEcho { get; }

    public int ProcessId => _process.Id;

    public string RootBody => "nginx " + Name + "\n";

    public string ChunkedBody => ChunkedBodyOf(Name);

    public static string FilePath(long size) => "/files/" + size.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ChunkedBodyOf(string name) => "chunked body from nginx " + name + "\n";

    /// <summary>What nginx wrote to stdout and stderr.</summary>
    public string ProcessOutput => _process.Output;

    public string ReadErrorLog()
    {
        var path = Path.Combine(Directory, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
    }

    /// <summary>Starts nginx and returns once it accepts connections.</summary>
    public static async Task<NginxOrigin> StartAsync(string name = "nginx", NginxOriginOptions? options = null)
    {
        options ??= new NginxOriginOptions();
        if (!File.Exists(options.NginxPath))
        {
            throw new InvalidOperationException(
                $"nginx not found at {options.NginxPath}. Run scripts/test.sh, which installs it (apt-get install nginx libnginx-mod-http-echo).");
        }

        var supportsEcho = File.Exists(NginxOriginOptions.EchoModulePath);
        var directory = Path.Combine(Path.GetTempPath(), "paralarva-nginx-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "files"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "chunked.txt"), ChunkedBodyOf(name)).ConfigureAwait(false);
            foreach (var size in options.FileSizes)
            {
                await WritePatternFileAsync(Path.Combine(directory, "files", size.ToString(System.Globalization.CultureInfo.InvariantCulture)), size).ConfigureAwait(false);
            }

            string failures = string.Empty;
            for (var attempt = 1; attempt <= StartAttempts; attempt++)
            {
                var port = FreePort.Next();
                var conf = Path.Combine(directory, "nginx.conf");
                await File.WriteAllTextAsync(conf, NginxConfig.Build(name, directory, port, supportsEcho, options.ExtraServerConfig)).ConfigureAwait(false);
                File.Delete(Path.Combine(directory, "error.log"));
                var process = ChildProcess.Start(options.NginxPath, ["-p", directory, "-c", conf, "-e", Path.Combine(directory, "error.log")]);
                var origin = new NginxOrigin(name, directory, port, supportsEcho, process);
                if (await origin.WaitUntilAcceptingAsync(options.StartTimeout).ConfigureAwait(false))
                {
                    return origin;
                }

                var log = origin.ReadErrorLog() + origin.ProcessOutput;
                await origin.StopProcessAsync().ConfigureAwait(false);
                failures += $"attempt {attempt} on port {port}:\n{log}\n";
                if (!log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    break;
                }
            }

            throw new InvalidOperationException($"nginx did not start (config in {directory}):\n{failures}");
        }
        catch
        {
            DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Readiness poll of an external process: connect attempts every 50 ms, bounded by <paramref name="timeout"/>.</summary>
    private Task<bool> WaitUntilAcceptingAsync(TimeSpan timeout) =>
        Poll.TryAsync(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), attempt.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return false;
            }
        }, timeout, giveUp: () => _process.HasExited ? "nginx exited" : null);

    private static async Task WritePatternFileAsync(string path, long size)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var block = new byte[64 * 1024];
            for (long offset = 0; offset < size; offset += block.Length)
            {
                var n = (int)Math.Min(block.Length, size - offset);
                BodyPattern.Fill(block.AsSpan(0, n), offset);
                await stream.WriteAsync(block.AsMemory(0, n)).ConfigureAwait(false);
            }
        }
    }

    private async Task StopProcessAsync()
    {
        try
        {
            await _process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void DeleteDirectory(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp directory must not fail a test.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopProcessAsync().ConfigureAwait(false);
        DeleteDirectory(Directory);
    }

    public override string ToString() => $"nginx {Name} on 127.0.0.1:{Port} ({Directory})";
}
