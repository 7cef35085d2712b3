namespace Paralarva.Actors.Http;

/// <summary>
/// A parsed request head. One instance per client connection, reused for each request:
/// <see cref="RequestHeadParser.Parse"/> copies the head bytes into it and indexes them.
/// </summary>
internal sealed class RequestHead
{
    /// <summary>nginx (large_client_header_buffers) and HAProxy (tune.http.maxhdr, 101) bound the field count too.</summary>
    public const int DefaultMaxHeaderCount = 100;

    private byte[] _routeHost = [];
    private int _routeHostLength;

    public HttpMethodKind Method { get; internal set; }
    /// <summary>True for HTTP/1.1, false for HTTP/1.0.</summary>
    public bool IsHttp11 { get; internal set; }
    /// <summary><see cref="BodyFraming.None"/>, <see cref="BodyFraming.ContentLength"/> or <see cref="BodyFraming.Chunked"/>.</summary>
    /// <remarks><c>Content-Length: 0</c> is ContentLength with 0, not None: the field is forwarded as received.</remarks>
    public BodyFraming Framing { get; internal set; }
    /// <summary>The Content-Length value when <see cref="Framing"/> is ContentLength, else -1.</summary>
    public long ContentLength { get; internal set; } = -1;
    /// <summary>Whether the client connection may be kept open after this exchange (version and Connection tokens).</summary>
    public bool KeepAlive { get; internal set; }
    /// <summary>HTTP/1.1 with <c>Expect: 100-continue</c>; other expectations are ignored (not answered with 417).</summary>
    public bool ExpectContinue { get; internal set; }
    /// <summary>
    /// HTTP/1.1 with an Upgrade field and the <c>upgrade</c> connection option (RFC 9110 section 7.8): a request to
    /// switch protocols, which keeps its Upgrade field when forwarded with <c>forwardUpgrade</c> (the tunnel's hook).
    /// </summary>
    public bool UpgradeRequested { get; internal set; }
    /// <summary>
    /// TRACE and OPTIONS only (RFC 9110 section 7.6.2): the value of their one valid Max-Forwards field, else -1. At 0
    /// the proxy answers as the final recipient; above it the forwarded field says one less.
    /// </summary>
    public long MaxForwards { get; internal set; } = -1;
    /// <summary>The host to route on: from an absolute-form target if any, else Host; port stripped, ASCII lower-cased.</summary>
    public ReadOnlySpan<byte> RouteHost => _routeHost.AsSpan(0, _routeHostLength);

    /// <summary>Field lines above which a head is invalid (400); set from configuration before parsing.</summary>
    public int MaxHeaderCount { get; set; } = DefaultMaxHeaderCount;
    public int HeaderCount => Fields.Count;
    public ReadOnlySpan<byte> HeaderName(int index) => Fields.Name(index);
    public ReadOnlySpan<byte> HeaderValue(int index) => Fields.Value(index);

    public ReadOnlySpan<byte> MethodBytes => Fields.Slice(MethodStart, MethodLength);
    /// <summary>The request-target as received.</summary>
    public ReadOnlySpan<byte> Target => Fields.Slice(TargetStart, TargetLength);

    internal FieldTable Fields { get; } = new();
    internal int MethodStart { get; set; }
    internal int MethodLength { get; set; }
    internal int TargetStart { get; set; }
    internal int TargetLength { get; set; }
    internal TargetForm Form { get; set; }
    /// <summary>Absolute-form only: the authority, which replaces Host when forwarding (RFC 9112 section 3.2.2).</summary>
    internal int AuthorityStart { get; set; }
    internal int AuthorityLength { get; set; }
    /// <summary>Absolute-form only: path and query after the authority, possibly empty.</summary>
    internal int PathStart { get; set; }
    internal int PathLength { get; set; }

    /// <summary>What path routes match: the target as received, or the path and query of an absolute-form one (maybe empty).</summary>
    internal ReadOnlySpan<byte> RoutePath => Form == TargetForm.Absolute ? Fields.Slice(PathStart, PathLength) : Target;
    /// <summary>The single Host field, or -1 (HTTP/1.0 with an absolute-form target).</summary>
    internal int HostIndex { get; set; } = -1;

    /// <summary>The Host value to forward: the absolute-form authority, else the Host field value.</summary>
    internal ReadOnlySpan<byte> ForwardHost => Form == TargetForm.Absolute
        ? Fields.Slice(AuthorityStart, AuthorityLength)
        : HostIndex >= 0 ? Fields.Value(HostIndex) : default;

    /// <summary>Stores the route host lower-cased, so routing compares bytes without a culture.</summary>
    internal void SetRouteHost(ReadOnlySpan<byte> host)
    {
        if (_routeHost.Length < host.Length)
            _routeHost = new byte[host.Length];
        System.Text.Ascii.ToLower(host, _routeHost, out _routeHostLength);
    }

    internal void Clear()
    {
        Method = HttpMethodKind.Other;
        IsHttp11 = false;
        Framing = BodyFraming.None;
        ContentLength = -1;
        KeepAlive = false;
        ExpectContinue = false;
        UpgradeRequested = false;
        MaxForwards = -1;
        Form = TargetForm.Origin;
        MethodStart = MethodLength = TargetStart = TargetLength = 0;
        AuthorityStart = AuthorityLength = PathStart = PathLength = 0;
        HostIndex = -1;
        _routeHostLength = 0;
    }
}
