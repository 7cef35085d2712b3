namespace Paralarva.Tests.Common;

/// <summary>Tunables of <see cref="TestOrigin"/>.</summary>
public sealed record TestOriginOptions
{
    /// <summary>Request bodies up to this size are stored; larger ones are only counted and hashed.</summary>
    public long MaxStoredBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>A request head larger than this is answered 431 and the connection closed.</summary>
    public int MaxHeadBytes { get; init; } = 64 * 1024;

    /// <summary>Answer <c>Expect: 100-continue</c> with an interim 100 before reading the body.</summary>
    public bool SendContinue { get; init; } = true;

    /// <summary>After a graceful close, how long to drain what the peer still sends before closing (avoids RST).</summary>
    public TimeSpan LingerOnClose { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Close a connection that waits longer than this for its next request (a server's keep-alive timeout); null: never.</summary>
    public TimeSpan? KeepAliveTimeout { get; init; }

    /// <summary>
    /// Raw bytes written as soon as the head of a request for that target arrives, before its body is read (an origin
    /// refusing an upload with 401 or 413); null for a target answered as usual. The body is then read and recorded,
    /// and the handler is not asked.
    /// </summary>
    public Func<string, byte[]?>? AnswerBeforeBody { get; init; }
}
