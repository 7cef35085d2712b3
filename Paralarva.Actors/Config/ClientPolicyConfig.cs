using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>
/// What a service (or, under <c>proxy:</c>, every service by default) asks of client addresses: <c>rate_limit</c>,
/// <c>max_connections_per_client</c>, <c>allow</c> and <c>deny</c>. A null member was not written and inherits; see
/// <see cref="EffectiveFor"/> for how the global and the service's values combine.
/// </summary>
public sealed record ClientPolicyConfig
{
    public static readonly ClientPolicyConfig None = new();

    /// <summary>Null: not set; <see cref="RateLimitConfig.Off"/>: explicitly none.</summary>
    public RateLimitConfig? RateLimit { get; init; }

    /// <summary>Concurrent requests per client address to the service; null: not set; 0: explicitly none.</summary>
    public int? MaxConnectionsPerClient { get; init; }

    /// <summary>Null: not set; empty: explicitly no allow list (everyone not denied is admitted).</summary>
    public ImmutableArray<CidrBlock>? Allow { get; init; }

    public ImmutableArray<CidrBlock>? Deny { get; init; }

    /// <summary>Nothing to check: the proxy skips admission for the service.</summary>
    public bool IsEmpty =>
        (RateLimit is null || RateLimit.IsOff) && MaxConnectionsPerClient is null or 0
        && Allow is null or { Length: 0 } && Deny is null or { Length: 0 };

    /// <summary>
    /// The service's policy with the global defaults applied: a service's own <c>rate_limit</c>,
    /// <c>max_connections_per_client</c> and <c>allow</c> replace the global ones (so <c>allow: []</c> opts a service out
    /// of a global allow list); the global <c>deny</c> always applies, joined with the service's own.
    /// </summary>
    public static ClientPolicyConfig EffectiveFor(ClientPolicyConfig global, ClientPolicyConfig service)
    {
        ImmutableArray<CidrBlock>? deny = (global.Deny, service.Deny) switch
        {
            (null, var own) => own,
            (var all, null) => all,
            ({ } all, { } own) => all.AddRange(own),
        };
        return new ClientPolicyConfig
        {
            RateLimit = service.RateLimit ?? global.RateLimit,
            MaxConnectionsPerClient = service.MaxConnectionsPerClient ?? global.MaxConnectionsPerClient,
            Allow = service.Allow ?? global.Allow,
            Deny = deny,
        };
    }

    // ImmutableArray compares by reference: a reload must see an unchanged list as unchanged.
    public bool Equals(ClientPolicyConfig? other) =>
        other is not null && RateLimit == other.RateLimit && MaxConnectionsPerClient == other.MaxConnectionsPerClient
        && SameList(Allow, other.Allow) && SameList(Deny, other.Deny);

    public override int GetHashCode() => HashCode.Combine(RateLimit, MaxConnectionsPerClient, Allow?.Length, Deny?.Length);

    private static bool SameList(ImmutableArray<CidrBlock>? a, ImmutableArray<CidrBlock>? b) =>
        a is null ? b is null : b is not null && a.Value.AsSpan().SequenceEqual(b.Value.AsSpan());
}
