namespace Paralarva.Actors.Metrics;

/// <summary>The access log pipeline dropped lines because its sink could not keep up.</summary>
internal sealed record AccessLogLinesDropped(long Count);
