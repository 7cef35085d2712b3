namespace Paralarva.Actors.Http;

/// <summary>What the Transfer-Encoding fields of a head say, combined over every field line (RFC 9112 section 6.1).</summary>
internal enum TransferCodings : byte
{
    /// <summary>No Transfer-Encoding field.</summary>
    Absent = 0,
    /// <summary>Exactly <c>chunked</c>, once, and nothing else.</summary>
    Chunked,
    /// <summary>Other codings, then <c>chunked</c> once and last: chunked framing around an encoded body.</summary>
    ChunkedLast,
    /// <summary>The final coding is not chunked: for a response, the body runs until close.</summary>
    NotChunkedLast,
    /// <summary>Malformed element, empty list, chunked more than once, or chunked but not last.</summary>
    Invalid,
}
