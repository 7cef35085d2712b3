using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Paralarva.Tests.Common;

/// <summary>
/// An in-process HTTP/1.1 origin server on raw sockets, bound to 127.0.0.1 on a port the
/// kernel picks. It parses requests strictly (see <see cref="HttpWire"/>), records each one
/// (<see cref="Requests"/>), and answers with whatever <see cref="Handler"/> returns, from
/// a plain 200 to a reset, a close mid-stream or a response that waits for the test.
/// Connections are keep-alive and served concurrently; requests on one connection in order.
/// </summary>
/// <example>
/// <code>
/// await using var origin = new TestOrigin("a", req => OriginResponse.Ok("hello").Chunked(pieces: 3));
/// // ... point the proxy at origin.Port, send a request ...
/// var seen = await origin.WaitForRequestsAsync(1);
/// Assert.Equal("/x", seen[0].Target);
/// </code>
/// </example>
public sealed class TestOrigin : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, Socket> _open = new();
    private int _maxOpen;
    private readonly ConcurrentDictionary<int, Task> _connectionTasks = new();
    private readonly List<OriginRequest> _requests = [];
    private readonly List<string> _errors = [];
    private readonly CountWaiter _requestCount = new("requests received");
    private readonly CountWaiter _acceptedCount = new("connections accepted");
    private readonly CountWaiter _closedCount = new("connections closed");
    private readonly CountWaiter _keepAliveTimeouts = new("keep-alive timeouts");
    private readonly Task _acceptLoop;
    private volatile Func<OriginRequest, OriginResponse> _handler;
    private int _nextConnectionId;
    private long _bytesReceived;
    private int _disposed;

    public TestOrigin(string name = "origin", Func<OriginRequest, OriginResponse>? handler = null, TestOriginOptions? options = null)
    {
        Name = name;
        Options = options ?? new TestOriginOptions();
        _handler = handler ?? DefaultHandler;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public string Name { get; }

    public TestOriginOptions Options { get; }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>Chooses the answer to each request; may be replaced while running. Default: 200 "origin {Name}".</summary>
    public Func<OriginRequest, OriginResponse> Handler
    {
        get => _handler;
        set => _handler = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The body of the default answer: <c>origin {Name}</c>.</summary>
    public string DefaultBody => "origin " + Name;

    /// <summary>Snapshot of every complete request received, in arrival order.</summary>
    public IReadOnlyList<OriginRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Snapshot of malformed-input reports (what a strict server rejected, and why).</summary>
    public IReadOnlyList<string> ProtocolErrors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public long RequestsReceived => _requestCount.Count;

    public long ConnectionsAccepted => _acceptedCount.Count;

    /// <summary>Every byte read from any connection, parsed or not: 0 proves nothing at all reached this origin.</summary>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public long ConnectionsClosed => _closedCount.Count;

    /// <summary>Connections this origin closed itself because <see cref="TestOriginOptions.KeepAliveTimeout"/> expired.</summary>
    public long KeepAliveTimeouts => _keepAliveTimeouts.Count;

    internal void RecordKeepAliveTimeout() => _keepAliveTimeouts.Increment();

    public int OpenConnections => _open.Count;

    /// <summary>The most connections that were open at once: what a per-member connection limit bounds.</summary>
    public int MaxOpenConnections => Volatile.Read(ref _maxOpen);

    internal CancellationToken Stopping => _stopping.Token;

    public OriginResponse DefaultResponse() => OriginResponse.Ok(DefaultBody);

    private OriginResponse DefaultHandler(OriginRequest request) => DefaultResponse();

    /// <summary>Waits until at least <paramref name="count"/> requests were received; returns the snapshot.</summary>
    public async Task<IReadOnlyList<OriginRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        await _requestCount.WaitForAsync(count, timeout ?? DefaultTimeout).ConfigureAwait(false);
        return Requests;
    }

    public Task WaitForConnectionsAsync(int count, TimeSpan? timeout = null) =>
        _acceptedCount.WaitForAsync(count, timeout ?? DefaultTimeout);

    public Task WaitForConnectionsClosedAsync(int count, TimeSpan? timeout = null) =>
        _closedCount.WaitForAsync(count, timeout ?? DefaultTimeout);

    /// <summary>Creates the request with its sequence number and records it atomically.</summary>
    internal OriginRequest Record(Func<int, OriginRequest> create)
    {
        OriginRequest request;
        lock (_requests)
        {
            request = create(_requests.Count + 1);
            _requests.Add(request);
        }

        _requestCount.Increment();
        return request;
    }

    internal void CountReceived(int bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    internal void RecordError(int connectionId, string message)
    {
        lock (_errors)
        {
            _errors.Add($"conn {connectionId}: {message}");
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _nextConnectionId);
            _open[id] = socket;
            RecordOpen(_open.Count);
            _acceptedCount.Increment();
            var connection = new OriginConnection(this, id, socket);
            _connectionTasks[id] = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync().ConfigureAwait(false);
                }
                finally
                {
                    _open.TryRemove(id, out _);
                    socket.Dispose();
                    _closedCount.Increment();
                    _connectionTasks.TryRemove(id, out _);
                }
            });
        }
    }

    /// <summary>Stops accepting, aborts every open connection (including held ones) and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        foreach (var socket in _open.Values)
        {
            socket.Dispose();
        }

        var pending = _connectionTasks.Values.Append(_acceptLoop).ToArray();
        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Best effort: connection loops end on their own once their sockets are gone.
        }

        _stopping.Dispose();
    }

    private void RecordOpen(int open)
    {
        var seen = Volatile.Read(ref _maxOpen);
        while (open > seen)
        {
            var previous = Interlocked.CompareExchange(ref _maxOpen, open, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }
}
