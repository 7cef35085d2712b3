// TEMPORARY until the metrics branch is merged.
namespace Paralarva.Actors.Metrics;
internal sealed record RequestCompleted(string Service, int StatusCode, double DurationSeconds, long RequestBodyBytes, long ResponseBodyBytes);
internal sealed record UpstreamCompleted(string Service, string Member, double FirstByteSeconds, double TotalSeconds);
internal sealed record ProxyErrorOccurred(string Service, string Kind);
internal sealed class ClientConnectionOpened { public static readonly ClientConnectionOpened Instance = new(); }
internal sealed class ClientConnectionClosed { public static readonly ClientConnectionClosed Instance = new(); }
internal sealed class ClientConnectionRejected { public static readonly ClientConnectionRejected Instance = new(); }
internal sealed record MemberConnectionOpened(string Service, string Member);
internal sealed record MemberConnectionClosed(string Service, string Member);
