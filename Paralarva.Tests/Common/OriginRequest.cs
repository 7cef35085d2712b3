using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>One complete request as <see cref="TestOrigin"/> received it.</summary>
public sealed class OriginRequest
{
    public required string Method { get; init; }

    /// <summary>The request target exactly as sent (origin-form "/path?q" normally).</summary>
    public required string Target { get; init; }

    public required string Version { get; init; }

    /// <summary>Header fields in wire order, names as sent.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The head exactly as received, from the request line through CRLFCRLF.</summary>
    public required byte[] RawHead { get; init; }

    /// <summary>The decoded body, or null when it was larger than <see cref="TestOriginOptions.MaxStoredBodyBytes"/>.</summary>
    public required byte[]? Body { get; init; }

    /// <summary>Decoded body length in bytes (always known, even when the body was not stored).</summary>
    public required long BodyLength { get; init; }

    /// <summary>Lower-case hex SHA-256 of the decoded body.</summary>
    public required string BodySha256 { get; init; }

    public required WireFraming Framing { get; init; }

    /// <summary>Sizes of the chunks of a chunked body, in order.</summary>
    public required IReadOnlyList<long> ChunkSizes { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Trailers { get; init; }

    /// <summary>The id of the connection it arrived on (1, 2, … in accept order).</summary>
    public required int ConnectionId { get; init; }

    /// <summary>Position among all requests this origin received (1-based).</summary>
    public required int Sequence { get; init; }

    /// <summary>Position among the requests on its connection (1-based).</summary>
    public required int SequenceOnConnection { get; init; }

    public string? Header(string name) => Headers.Get(name);

    public string BodyText => Body is null ? throw new InvalidOperationException("body was not stored (too large)") : Encoding.UTF8.GetString(Body);

    public override string ToString() => $"#{Sequence} conn {ConnectionId}: {Method} {Target} ({BodyLength} body bytes)";
}
