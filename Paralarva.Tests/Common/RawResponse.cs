using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>One response exactly as <see cref="RawHttpClient"/> read it off the wire.</summary>
public sealed class RawResponse
{
    /// <summary>"HTTP/1.1" as sent.</summary>
    public required string Version { get; init; }

    public required int StatusCode { get; init; }

    public required string Reason { get; init; }

    /// <summary>Header fields in wire order, names as sent.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Trailers { get; init; }

    /// <summary>The head exactly as received, status line through CRLFCRLF.</summary>
    public required byte[] Head { get; init; }

    /// <summary>The decoded body (chunk framing removed).</summary>
    public required byte[] Body { get; init; }

    public required long BodyLength { get; init; }

    /// <summary>Lower-case hex SHA-256 of the decoded body.</summary>
    public required string BodySha256 { get; init; }

    /// <summary>How the body was delimited.</summary>
    public required WireFraming Framing { get; init; }

    /// <summary>Sizes of the chunks of a chunked body, in order.</summary>
    public required IReadOnlyList<long> ChunkSizes { get; init; }

    /// <summary>Every byte of this response as received: head, then the body with its chunk framing.</summary>
    public required byte[] Raw { get; init; }

    public string? Header(string name) => Headers.Get(name);

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string RawText => Encoding.Latin1.GetString(Raw);

    public override string ToString() => HttpWire.Escape(Raw, 2048);
}
