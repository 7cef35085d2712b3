namespace Paralarva.Actors.Http;

/// <summary>
/// A parsed request head. One instance per client connection, reused for each request:
/// <see cref="RequestHeadParser.Parse"/> copies the head bytes into it and indexes them.
/// </summary>
internal sealed class RequestHead
{
    public HttpMethodKind Method { get; }
    /// <summary>True for HTTP/1.1, false for HTTP/1.0.</summary>
    public bool IsHttp11 { get; }
    /// <summary><see cref="BodyFraming.None"/>, <see cref="BodyFraming.ContentLength"/> or <see cref="BodyFraming.Chunked"/>.</summary>
    public BodyFraming Framing { get; }
    /// <summary>The Content-Length value when <see cref="Framing"/> is ContentLength, else -1.</summary>
    public long ContentLength { get; }
    /// <summary>Whether the client connection may be kept open after this exchange (version and Connection tokens).</summary>
    public bool KeepAlive { get; }
    public bool ExpectContinue { get; }
    /// <summary>The host to route on: from an absolute-form target if any, else Host; port stripped, ASCII lower-cased.</summary>
    public ReadOnlySpan<byte> RouteHost => throw new NotImplementedException();
}
