using System.Text;

namespace Paralarva.Actors.Http;

/// <summary>Classifies field names (case-insensitive ASCII, RFC 9110 section 5.1) without allocating.</summary>
internal static class FieldNames
{
    public static FieldKind Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when Is(name, "te"u8) => FieldKind.TE,
        3 when Is(name, "via"u8) => FieldKind.Via,
        4 when Is(name, "host"u8) => FieldKind.Host,
        4 when Is(name, "date"u8) => FieldKind.Date,
        6 when Is(name, "expect"u8) => FieldKind.Expect,
        7 when Is(name, "trailer"u8) => FieldKind.Trailer,
        7 when Is(name, "upgrade"u8) => FieldKind.Upgrade,
        10 when Is(name, "connection"u8) => FieldKind.Connection,
        10 when Is(name, "keep-alive"u8) => FieldKind.KeepAlive,
        12 when Is(name, "max-forwards"u8) => FieldKind.MaxForwards,
        14 when Is(name, "content-length"u8) => FieldKind.ContentLength,
        14 when Is(name, "http2-settings"u8) => FieldKind.Http2Settings,
        15 when Is(name, "x-forwarded-for"u8) => FieldKind.XForwardedFor,
        16 when Is(name, "proxy-connection"u8) => FieldKind.ProxyConnection,
        16 when Is(name, "x-forwarded-host"u8) => FieldKind.XForwardedHost,
        17 when Is(name, "transfer-encoding"u8) => FieldKind.TransferEncoding,
        17 when Is(name, "x-forwarded-proto"u8) => FieldKind.XForwardedProto,
        _ => FieldKind.Other,
    };

    /// <summary>
    /// Hop-by-hop fields (RFC 9110 section 7.6.1) that are never forwarded. Transfer-Encoding is not among
    /// them here: the proxy relays chunked bodies verbatim, so the coding stays true on the next hop. Nor is Trailer
    /// (hop-by-hop in RFC 2616, end to end in RFC 9110 section 6.6.2): it announces the trailer section, which goes on
    /// with the chunked body, as nginx and HAProxy forward it.
    /// </summary>
    public static bool IsHopByHop(FieldKind kind) =>
        kind is FieldKind.Connection or FieldKind.KeepAlive or FieldKind.ProxyConnection
            or FieldKind.TE or FieldKind.Upgrade;

    public static bool Is(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => Ascii.EqualsIgnoreCase(a, b);
}
