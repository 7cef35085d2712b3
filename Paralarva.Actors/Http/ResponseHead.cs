namespace Paralarva.Actors.Http;

/// <summary>A parsed response head from a member. One instance per client connection, reused.</summary>
internal sealed class ResponseHead
{
    public int StatusCode { get; }
    public bool IsHttp11 { get; }
    /// <summary>Already accounts for HEAD requests and 1xx/204/304 (no body).</summary>
    public BodyFraming Framing { get; }
    public long ContentLength { get; }
    /// <summary>Whether the member connection may be reused after this response (version and Connection tokens).</summary>
    public bool KeepAlive { get; }
    /// <summary>1xx other than 101: an interim response, the final one follows.</summary>
    public bool IsInterim => StatusCode is >= 100 and < 200 and not 101;
}
