namespace Paralarva.Actors.Config;

/// <summary>
/// <c>rate_limit</c>: a token bucket per client address, refilled at <see cref="RequestsPerSecond"/> and holding at
/// most <see cref="Burst"/> tokens (a client idle long enough may send that many at once).
/// </summary>
public sealed record RateLimitConfig(double RequestsPerSecond, int Burst)
{
    public const double MinRequestsPerSecond = 0.01;
    public const double MaxRequestsPerSecond = 1_000_000;
    public const int MaxBurst = 1_000_000;

    /// <summary><c>rate_limit: off</c>: no limit, also where <c>proxy.rate_limit</c> sets one.</summary>
    public static readonly RateLimitConfig Off = new(0, 0);

    public bool IsOff => RequestsPerSecond <= 0;
}
