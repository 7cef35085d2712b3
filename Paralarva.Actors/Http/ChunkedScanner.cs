namespace Paralarva.Actors.Http;

/// <summary>
/// Validates chunked framing (RFC 9112 section 7.1) byte by byte as the body is relayed, keeping only a state,
/// a counter and the remaining chunk size, so any split of the input gives the same answer. Strict where
/// implementations are known to disagree: chunk lines end with CRLF only (a bare LF is invalid), no whitespace
/// before CRLF, chunk-data is followed by exactly CRLF, and sizes have at most 16 hex digits and fit a long.
/// </summary>
internal sealed class ChunkedScanner
{
    /// <summary>Trailer section limit, final CRLF included: trailers are relayed, but never without bound.</summary>
    public const int MaxTrailerBytes = 16 * 1024;

    /// <summary>
    /// Chunk extensions per chunk line: nothing uses them, and unbounded they cost every parser on the way
    /// (Node.js capped them after CVE-2024-22019); 4 KiB is far above any legitimate use.
    /// </summary>
    public const int MaxExtensionBytes = 4 * 1024;

    private const int MaxSizeDigits = 16;

    private ChunkState _state;
    /// <summary>The chunk-size being read, then the chunk-data bytes still to come.</summary>
    private long _size;
    private int _digits;
    private int _trailerBytes;
    private int _extensionBytes;

    public bool IsComplete => _state == ChunkState.Complete;

    /// <summary>The chunk-data bytes seen so far: the body's decoded length, framing excluded.</summary>
    public long DataBytes { get; private set; }

    public void Reset()
    {
        _state = ChunkState.Size;
        _size = 0;
        _digits = 0;
        _trailerBytes = 0;
        _extensionBytes = 0;
        DataBytes = 0;
    }

    public BodyStatus Advance(ReadOnlySpan<byte> data, out int consumed) =>
        Scan(data, stopAfterData: false, out consumed, out _);

    /// <summary>
    /// Like <see cref="Advance"/>, but stops after the first run of chunk-data: the last <paramref name="dataLength"/>
    /// of the <paramref name="consumed"/> bytes are chunk-data, the others framing. Called again on the rest, it lets
    /// a caller remove the chunked coding for a recipient that cannot take it.
    /// </summary>
    public BodyStatus AdvanceToDataEnd(ReadOnlySpan<byte> data, out int consumed, out int dataLength) =>
        Scan(data, stopAfterData: true, out consumed, out dataLength);

    private BodyStatus Scan(ReadOnlySpan<byte> data, bool stopAfterData, out int consumed, out int dataLength)
    {
        var i = 0;
        dataLength = 0;
        while (i < data.Length && _state is not (ChunkState.Complete or ChunkState.Invalid))
        {
            if (_state == ChunkState.Data)
            {
                var take = (int)Math.Min(_size, data.Length - i);
                i += take;
                _size -= take;
                DataBytes += take;
                if (_size == 0)
                    _state = ChunkState.DataCr;
                if (stopAfterData)
                {
                    dataLength = take;
                    break;
                }

                continue;
            }

            if (_state is >= ChunkState.TrailerLineStart and <= ChunkState.FinalLf && ++_trailerBytes > MaxTrailerBytes)
                _state = ChunkState.Invalid;
            else if (_state is >= ChunkState.ExtBeforeSemicolon and <= ChunkState.ExtAfterQuoted && ++_extensionBytes > MaxExtensionBytes)
                _state = ChunkState.Invalid;
            else
                _state = Step(data[i]);
            i++;
        }

        consumed = i;
        return _state switch
        {
            ChunkState.Complete => BodyStatus.Complete,
            ChunkState.Invalid => BodyStatus.Invalid,
            _ => BodyStatus.NeedMore,
        };
    }

    private ChunkState Step(byte b) => _state switch
    {
        ChunkState.Size => SizeDigit(b),
        ChunkState.ExtBeforeSemicolon => b switch
        {
            (byte)' ' or (byte)'\t' => ChunkState.ExtBeforeSemicolon,
            (byte)';' => ChunkState.ExtBeforeName,
            _ => ChunkState.Invalid,
        },
        ChunkState.ExtBeforeName => HttpChars.IsTChar(b) ? ChunkState.ExtName
            : HttpChars.IsOws(b) ? ChunkState.ExtBeforeName : ChunkState.Invalid,
        ChunkState.ExtName => HttpChars.IsTChar(b) ? ChunkState.ExtName : AfterName(b),
        ChunkState.ExtAfterName => HttpChars.IsOws(b) ? ChunkState.ExtAfterName : b switch
        {
            (byte)'=' => ChunkState.ExtBeforeValue,
            (byte)';' => ChunkState.ExtBeforeName,
            _ => ChunkState.Invalid,
        },
        ChunkState.ExtBeforeValue => HttpChars.IsTChar(b) ? ChunkState.ExtToken : b switch
        {
            (byte)' ' or (byte)'\t' => ChunkState.ExtBeforeValue,
            (byte)'"' => ChunkState.ExtQuoted,
            _ => ChunkState.Invalid,
        },
        ChunkState.ExtToken => HttpChars.IsTChar(b) ? ChunkState.ExtToken : EndOfValue(b),
        ChunkState.ExtQuoted => b switch
        {
            (byte)'"' => ChunkState.ExtAfterQuoted,
            (byte)'\\' => ChunkState.ExtQuotedEscape,
            // qdtext: HTAB, SP, VCHAR but '"' and '\', obs-text.
            (byte)'\t' or >= 0x20 and not 0x7F => ChunkState.ExtQuoted,
            _ => ChunkState.Invalid,
        },
        ChunkState.ExtQuotedEscape => b is (byte)'\t' or (>= 0x20 and not 0x7F) ? ChunkState.ExtQuoted : ChunkState.Invalid,
        ChunkState.ExtAfterQuoted => EndOfValue(b),
        ChunkState.SizeLf => b != (byte)'\n' ? ChunkState.Invalid
            : _size == 0 ? ChunkState.TrailerLineStart : ChunkState.Data,
        ChunkState.DataCr => b == (byte)'\r' ? ChunkState.DataLf : ChunkState.Invalid,
        ChunkState.DataLf => b == (byte)'\n' ? NextChunk() : ChunkState.Invalid,
        // A trailer line starting with SP or HTAB is obs-fold, one starting with ':' has no name.
        ChunkState.TrailerLineStart => b == (byte)'\r' ? ChunkState.FinalLf
            : HttpChars.IsTChar(b) ? ChunkState.TrailerName : ChunkState.Invalid,
        ChunkState.TrailerName => HttpChars.IsTChar(b) ? ChunkState.TrailerName
            : b == (byte)':' ? ChunkState.TrailerValue : ChunkState.Invalid,
        ChunkState.TrailerValue => b switch
        {
            (byte)'\r' => ChunkState.TrailerLf,
            (byte)'\t' or >= 0x20 and not 0x7F => ChunkState.TrailerValue,
            _ => ChunkState.Invalid,
        },
        ChunkState.TrailerLf => b == (byte)'\n' ? ChunkState.TrailerLineStart : ChunkState.Invalid,
        ChunkState.FinalLf => b == (byte)'\n' ? ChunkState.Complete : ChunkState.Invalid,
        _ => ChunkState.Invalid,
    };

    private ChunkState SizeDigit(byte b)
    {
        var hex = HttpChars.HexValue(b);
        if (hex >= 0)
        {
            if (++_digits > MaxSizeDigits || _size > (long.MaxValue >> 4))
                return ChunkState.Invalid;
            _size = (_size << 4) | (uint)hex;
            return ChunkState.Size;
        }

        return _digits == 0 ? ChunkState.Invalid : EndOfValue(b);
    }

    /// <summary>After a chunk-size or an extension value: BWS, the next extension, or the end of the chunk line.</summary>
    private static ChunkState EndOfValue(byte b) => b switch
    {
        (byte)' ' or (byte)'\t' => ChunkState.ExtBeforeSemicolon,
        (byte)';' => ChunkState.ExtBeforeName,
        (byte)'\r' => ChunkState.SizeLf,
        _ => ChunkState.Invalid,
    };

    /// <summary>After an extension name: its value, BWS, the next extension, or the end of the chunk line.</summary>
    private static ChunkState AfterName(byte b) => b switch
    {
        (byte)' ' or (byte)'\t' => ChunkState.ExtAfterName,
        (byte)'=' => ChunkState.ExtBeforeValue,
        (byte)';' => ChunkState.ExtBeforeName,
        (byte)'\r' => ChunkState.SizeLf,
        _ => ChunkState.Invalid,
    };

    private ChunkState NextChunk()
    {
        _size = 0;
        _digits = 0;
        _extensionBytes = 0;
        return ChunkState.Size;
    }
}
