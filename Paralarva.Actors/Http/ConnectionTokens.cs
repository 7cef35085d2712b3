namespace Paralarva.Actors.Http;

/// <summary>The connection options of a head that the proxy acts on (RFC 9110 section 7.6.1).</summary>
internal readonly record struct ConnectionTokens(bool Close, bool KeepAlive, bool Upgrade);
