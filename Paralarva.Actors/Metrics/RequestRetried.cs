namespace Paralarva.Actors.Metrics;

/// <summary>
/// RequestActor → MetricsActor: an attempt failed and the request went to another member (or connection)
/// instead of failing; counted in <c>paralarva_retries_total{service,reason}</c> and as error kind <c>retried</c>.
/// </summary>
/// <param name="Reason">One of <see cref="Listener.RetryReasons"/>: a bounded label.</param>
internal sealed record RequestRetried(string Service, string Reason);
