namespace Paralarva.Actors.Config;

/// <summary>
/// A service's session affinity: what <c>consistent_hash</c> hashes (<c>hash_key</c>) and the cookie that pins a
/// client to a member (<c>affinity.cookie</c>). Both optional; <see cref="None"/> when the service has neither.
/// </summary>
/// <param name="HashHeader">
/// <c>hash_key: header:NAME</c>: the field whose value is hashed (a request without it falls back to the client
/// address); null for <c>client_ip</c>, the default.
/// </param>
/// <param name="Cookie">The affinity cookie's name, or null: no cookie affinity.</param>
public sealed record AffinityConfig(string? HashHeader, string? Cookie)
{
    public static readonly AffinityConfig None = new(null, null);
}
