namespace Paralarva.Actors.Metrics;

/// <summary>
/// MemberActor → MetricsActor, at most a few times a second and only on change: the member's in-flight
/// requests (leased or waiting) and idle pooled connections. Sampled rather than told per request.
/// </summary>
internal sealed record MemberLoadSampled(string Service, string Member, int InFlight, int IdleConnections);
