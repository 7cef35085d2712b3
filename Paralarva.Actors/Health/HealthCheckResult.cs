namespace Paralarva.Actors.Health;

/// <summary>How one active health check ended; only <see cref="Success"/> passes.</summary>
public enum HealthCheckResult : byte
{
    /// <summary>The member answered with a 2xx or 3xx status line in time.</summary>
    Success,
    /// <summary>The member answered with another status, or with something that is not an HTTP/1.x status line.</summary>
    BadStatus,
    /// <summary>No status line within the check's timeout (connecting included).</summary>
    Timeout,
    /// <summary>The connection was refused, reset, or closed before a status line arrived.</summary>
    ConnectionFailed,
}
