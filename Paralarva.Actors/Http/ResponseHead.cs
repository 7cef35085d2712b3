namespace Paralarva.Actors.Http;

/// <summary>A parsed response head from a member. One instance per client connection, reused.</summary>
internal sealed class ResponseHead
{
    /// <summary>Higher than for requests: members legitimately send many Set-Cookie lines; the head size limit still bounds it.</summary>
    public const int DefaultMaxHeaderCount = 256;

    public int StatusCode { get; internal set; }
    /// <summary>True for HTTP/1.1 (and any higher 1.x minor version, RFC 9110 section 2.5), false for HTTP/1.0.</summary>
    public bool IsHttp11 { get; internal set; }
    /// <summary>Already accounts for HEAD requests and 1xx/204/304 (no body).</summary>
    public BodyFraming Framing { get; internal set; }
    /// <summary>The Content-Length value when <see cref="Framing"/> is ContentLength, else -1.</summary>
    public long ContentLength { get; internal set; } = -1;
    /// <summary>Whether the member connection may be reused after this response (version and Connection tokens).</summary>
    public bool KeepAlive { get; internal set; }
    /// <summary>1xx other than 101: an interim response, the final one follows.</summary>
    public bool IsInterim => StatusCode is >= 100 and < 200 and not 101;

    public int MaxHeaderCount { get; set; } = DefaultMaxHeaderCount;
    public int HeaderCount => Fields.Count;
    public ReadOnlySpan<byte> HeaderName(int index) => Fields.Name(index);
    public ReadOnlySpan<byte> HeaderValue(int index) => Fields.Value(index);
    /// <summary>The reason phrase as received, possibly empty.</summary>
    public ReadOnlySpan<byte> Reason => Fields.Slice(ReasonStart, ReasonLength);

    internal FieldTable Fields { get; } = new();
    /// <summary>The three status digits in the copied head, so writers copy them rather than format a number.</summary>
    internal int StatusStart { get; set; }
    internal int ReasonStart { get; set; }
    internal int ReasonLength { get; set; }

    internal void Clear()
    {
        StatusCode = 0;
        IsHttp11 = false;
        Framing = BodyFraming.None;
        ContentLength = -1;
        KeepAlive = false;
        StatusStart = ReasonStart = ReasonLength = 0;
    }
}
