namespace Paralarva.Actors.Http;

/// <summary>Where <see cref="ChunkedScanner"/> stands in the chunked grammar of RFC 9112 section 7.1.</summary>
internal enum ChunkState : byte
{
    /// <summary>Hex digits of a chunk-size; <c>Digits</c> counts them.</summary>
    Size = 0,
    /// <summary>BWS after the size or an extension value: only ';' (or more BWS) may follow.</summary>
    ExtBeforeSemicolon,
    ExtBeforeName,
    ExtName,
    /// <summary>BWS after an extension name: '=' or ';' next.</summary>
    ExtAfterName,
    ExtBeforeValue,
    ExtToken,
    ExtQuoted,
    ExtQuotedEscape,
    /// <summary>Just after a closing quote: BWS, ';' or CR next.</summary>
    ExtAfterQuoted,
    /// <summary>CR seen after the chunk line: LF must follow.</summary>
    SizeLf,
    Data,
    DataCr,
    DataLf,
    /// <summary>After the last chunk: a trailer field line or the final CRLF.</summary>
    TrailerLineStart,
    TrailerName,
    TrailerValue,
    TrailerLf,
    FinalLf,
    Complete,
    Invalid,
}
