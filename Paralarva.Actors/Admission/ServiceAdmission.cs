using Paralarva.Actors.Config;

namespace Paralarva.Actors.Admission;

/// <summary>
/// One service's admission policy for client addresses, compiled once per configuration and shared by every
/// RequestActor through its <see cref="Listener.Route"/>: the access lists (a <c>deny</c> entry wins; a non-empty
/// <c>allow</c> admits only its addresses), then the concurrent-request limit, then the token bucket. A request
/// refused by one check takes nothing from the next: a denied client holds no bucket, and a request over the
/// connection limit takes no token.
/// </summary>
internal sealed class ServiceAdmission
{
    private readonly AddressList? _allow;
    private readonly AddressList? _deny;
    private readonly int _maxConnections;

    public ServiceAdmission(ClientPolicyConfig policy, TokenBucketTable? buckets, ConcurrencyTable connections)
    {
        Policy = policy;
        _allow = policy.Allow is { Length: > 0 } allow ? new AddressList(allow) : null;
        _deny = policy.Deny is { Length: > 0 } deny ? new AddressList(deny) : null;
        _maxConnections = policy.MaxConnectionsPerClient ?? 0;
        Buckets = buckets;
        Connections = connections;
    }

    /// <summary>The effective policy (global defaults applied) this was compiled from.</summary>
    public ClientPolicyConfig Policy { get; }

    public TokenBucketTable? Buckets { get; }

    public ConcurrencyTable Connections { get; }

    /// <summary>
    /// Decides for one request. When admitted with a connection limit, <paramref name="held"/> is the table to
    /// <see cref="ConcurrencyTable.Release"/> once the request ends (it outlives reloads of this policy).
    /// </summary>
    /// <param name="now">A monotonic timestamp in the bucket table's frequency (Stopwatch ticks).</param>
    /// <param name="retryAfterSeconds">For a 429: whole seconds until the client may try again, at least 1.</param>
    public AdmissionVerdict Admit(UInt128 client, long now, out int retryAfterSeconds, out ConcurrencyTable? held)
    {
        retryAfterSeconds = 0;
        held = null;
        if ((_deny is not null && _deny.Contains(client)) || (_allow is not null && !_allow.Contains(client)))
            return AdmissionVerdict.Denied;

        if (_maxConnections > 0)
        {
            if (!Connections.TryAcquire(client, _maxConnections))
            {
                // A request in progress usually ends within a second; nginx's limit_conn gives no hint at all.
                retryAfterSeconds = 1;
                return AdmissionVerdict.TooManyConnections;
            }

            held = Connections;
        }

        if (Buckets is not null && !Buckets.TryTake(client, now, out var wait))
        {
            held?.Release(client);
            held = null;
            retryAfterSeconds = Buckets.RetryAfterSeconds(wait);
            return AdmissionVerdict.RateLimited;
        }

        return AdmissionVerdict.Admitted;
    }
}
