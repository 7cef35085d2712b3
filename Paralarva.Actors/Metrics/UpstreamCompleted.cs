namespace Paralarva.Actors.Metrics;

/// <summary>
/// A member answered an exchange (its share of the request's latency): part of <see cref="RequestCompleted"/>, and
/// also accepted on its own by the MetricsActor.
/// </summary>
/// <param name="FirstByteSeconds">From the start of the upstream exchange to the first response byte from the member.</param>
/// <param name="TotalSeconds">From the start of the upstream exchange to its last response byte.</param>
internal readonly record struct UpstreamCompleted(string Service, string Member, double FirstByteSeconds, double TotalSeconds);
