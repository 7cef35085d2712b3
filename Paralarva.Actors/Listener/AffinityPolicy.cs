using System.Text;
using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;

namespace Paralarva.Actors.Listener;

/// <summary>
/// A route's session affinity, compiled once per configuration from the service's strategy and
/// <see cref="AffinityConfig"/>: what the RequestActor reads from each request head for the lease request (the
/// <c>consistent_hash</c> key, the member an affinity cookie names) and the Set-Cookie for the response. Reads the head's
/// bytes as they are: no string and no allocation per request.
/// </summary>
internal sealed class AffinityPolicy
{
    private readonly bool _hashes;
    private readonly byte[]? _hashHeader;
    private readonly byte[]? _cookieName;
    private readonly byte[]? _setCookiePrefix;

    private AffinityPolicy(bool hashes, string? hashHeader, string? cookieName)
    {
        _hashes = hashes;
        _hashHeader = hashHeader is null ? null : Encoding.ASCII.GetBytes(hashHeader);
        _cookieName = cookieName is null ? null : Encoding.ASCII.GetBytes(cookieName);
        _setCookiePrefix = cookieName is null ? null : AffinityCookie.Prefix(cookieName);
    }

    /// <summary>The service's policy, or null when it has neither <c>consistent_hash</c> nor an affinity cookie.</summary>
    public static AffinityPolicy? For(ServiceConfig service)
    {
        var hashes = service.Strategy == StrategyNames.ConsistentHash;
        var cookie = service.Affinity.Cookie;
        return hashes || cookie is not null ? new AffinityPolicy(hashes, hashes ? service.Affinity.HashHeader : null, cookie) : null;
    }

    /// <summary>
    /// The request's <c>consistent_hash</c> key: the hash of the named header's value (the first such field, if not
    /// empty), else <paramref name="clientKey"/> (the hash of the client address, computed once per connection); 0 when the
    /// service does not hash.
    /// </summary>
    public ulong HashKey(RequestHead request, ulong clientKey)
    {
        if (!_hashes)
            return 0;
        if (_hashHeader is null)
            return clientKey;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            if (Ascii.EqualsIgnoreCase(request.HeaderName(i), _hashHeader))
            {
                var value = request.HeaderValue(i);
                return value.IsEmpty ? clientKey : AffinityHash.Of(value);
            }
        }

        return clientKey;
    }

    /// <summary>The member id the request's affinity cookie carries (in any Cookie field), or 0.</summary>
    public ulong Pin(RequestHead request)
    {
        if (_cookieName is null)
            return 0;
        for (var i = 0; i < request.HeaderCount; i++)
        {
            if (Ascii.EqualsIgnoreCase(request.HeaderName(i), "cookie"u8)
                && CookieValue.TryFind(request.HeaderValue(i), _cookieName, out var value)
                && CookieValue.TryParseId(value, out var id))
                return id;
        }

        return 0;
    }

    /// <summary>
    /// The Set-Cookie for a response from the member <paramref name="memberId"/>: none when the service has no affinity
    /// cookie or the request was already pinned to that member (<paramref name="pin"/>).
    /// </summary>
    public AffinityCookie SetCookie(ulong memberId, ulong pin) =>
        _setCookiePrefix is null || memberId == 0 || memberId == pin ? default : new AffinityCookie(_setCookiePrefix, memberId);
}
