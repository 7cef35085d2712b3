namespace Paralarva.Actors.Http;

/// <summary>The fields the proxy reads or rewrites, classified once at parse time so writers compare no names.</summary>
internal enum FieldKind : byte
{
    Other = 0,
    Host,
    ContentLength,
    TransferEncoding,
    Connection,
    KeepAlive,
    ProxyConnection,
    TE,
    Trailer,
    Upgrade,
    Expect,
    XForwardedFor,
    XForwardedProto,
    XForwardedHost,
    Http2Settings,
    Via,
    MaxForwards,
    Date,
}
