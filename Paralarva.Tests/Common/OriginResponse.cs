using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>
/// What <see cref="TestOrigin"/> answers to one request. Build one with the static
/// factories and refine it with <c>with</c> or the <c>With*</c> helpers, e.g.
/// <c>OriginResponse.Text(200, "hi").WithHeader("X-A", "1").Chunked(pieces: 3)</c>.
/// </summary>
public sealed record OriginResponse
{
    public OriginResponseKind Kind { get; init; } = OriginResponseKind.Normal;

    public int Status { get; init; } = 200;

    /// <summary>Reason phrase; null picks the standard one.</summary>
    public string? Reason { get; init; }

    /// <summary>Headers written in order. Content-Length / Transfer-Encoding are added from <see cref="Framing"/> unless present here.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>When non-negative, the body is this many <see cref="BodyPattern"/> bytes generated while writing (never held whole).</summary>
    public long GeneratedBodyLength { get; init; } = -1;

    /// <summary>ContentLength, Chunked or CloseDelimited (write the body, then close). None writes no framing header.</summary>
    public WireFraming Framing { get; init; } = WireFraming.ContentLength;

    /// <summary>The body is written in this many separate sends (one chunk each when chunked).</summary>
    public int Pieces { get; init; } = 1;

    /// <summary>Awaited before writing piece i (0-based): lets a test release a streamed body piece by piece.</summary>
    public Func<int, Task>? BeforePiece { get; init; }

    /// <summary>Pause between pieces, for slow-stream behaviour (not for synchronisation).</summary>
    public TimeSpan PieceDelay { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Trailers { get; init; } = [];

    /// <summary>Send <c>Connection: close</c> and close after the response (or after <see cref="Raw"/>).</summary>
    public bool CloseAfter { get; init; }

    public ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>Awaited before doing anything (a test-controlled TaskCompletionSource).</summary>
    public Task? Gate { get; init; }

    public Task<OriginResponse>? Pending { get; init; }

    public long BodyLength => GeneratedBodyLength >= 0 ? GeneratedBodyLength : Body.Length;

    public static OriginResponse Text(int status, string body) =>
        new() { Status = status, Body = Encoding.UTF8.GetBytes(body), Headers = [new("Content-Type", "text/plain")] };

    public static OriginResponse Ok(string body) => Text(200, body);

    public static OriginResponse Bytes(int status, ReadOnlyMemory<byte> body) => new() { Status = status, Body = body };

    /// <summary>Status only, empty body (Content-Length: 0 unless 1xx/204/304).</summary>
    public static OriginResponse Empty(int status) => new() { Status = status };

    /// <summary><paramref name="length"/> bytes of <see cref="BodyPattern"/>, generated on the fly.</summary>
    public static OriginResponse Large(long length, WireFraming framing = WireFraming.ContentLength) =>
        new() { GeneratedBodyLength = length, Framing = framing, Headers = [new("Content-Type", "application/octet-stream")] };

    /// <summary><paramref name="bytes"/> written as is; the connection stays open for the next request unless <paramref name="closeAfter"/>.</summary>
    public static OriginResponse RawBytes(ReadOnlyMemory<byte> bytes, bool closeAfter = false) =>
        new() { Kind = OriginResponseKind.Raw, Raw = bytes, CloseAfter = closeAfter };

    public static OriginResponse RawText(string text, bool closeAfter = false) =>
        RawBytes(Encoding.Latin1.GetBytes(text), closeAfter);

    public static OriginResponse CloseWithoutAnswer() => new() { Kind = OriginResponseKind.Close };

    public static OriginResponse Reset() => new() { Kind = OriginResponseKind.Reset };

    public static OriginResponse NeverAnswer() => new() { Kind = OriginResponseKind.Never };

    /// <summary>Waits for <paramref name="response"/> (e.g. a TaskCompletionSource's task) and acts on it.</summary>
    public static OriginResponse Deferred(Task<OriginResponse> response) =>
        new() { Kind = OriginResponseKind.Deferred, Pending = response };

    /// <summary>This response, sent only once <paramref name="gate"/> completes.</summary>
    public OriginResponse After(Task gate) => this with { Gate = gate };

    public OriginResponse WithHeader(string name, string value) => this with { Headers = [.. Headers, new(name, value)] };

    public OriginResponse WithTrailer(string name, string value) => this with { Trailers = [.. Trailers, new(name, value)] };

    public OriginResponse Chunked(int pieces = 1) => this with { Framing = WireFraming.Chunked, Pieces = pieces };

    public OriginResponse CloseDelimited(int pieces = 1) => this with { Framing = WireFraming.CloseDelimited, Pieces = pieces };

    public OriginResponse InPieces(int pieces) => this with { Pieces = pieces };

    public OriginResponse WithClose() => this with { CloseAfter = true };
}
