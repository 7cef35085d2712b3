namespace Paralarva.Actors.Metrics;

/// <summary>One access log line: what happened to one request. Built only when the access log is on.</summary>
internal sealed record AccessLogEntry(
    DateTimeOffset Time,
    string Client,
    string Method,
    string Target,
    string Host,
    string Service,
    string Member,
    int Status,
    long BytesIn,
    long BytesOut,
    double DurationSeconds,
    int Attempts);
