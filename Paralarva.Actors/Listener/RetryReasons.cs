namespace Paralarva.Actors.Listener;

/// <summary>The <c>reason</c> label of <c>paralarva_retries_total</c>: why an attempt was given up and the request sent again.</summary>
internal static class RetryReasons
{
    /// <summary>The member refused the connection (nothing was sent).</summary>
    public const string ConnectRefused = "connect_refused";

    /// <summary>The connection was not open within <c>timeouts.connect</c> (nothing was sent).</summary>
    public const string ConnectTimeout = "connect_timeout";

    /// <summary>The member closed or reset the connection before any response byte.</summary>
    public const string Reset = "reset";

    /// <summary>No response byte within the timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>A pooled connection the member had just closed (replayed, the member not blamed).</summary>
    public const string KeepAliveRace = "keep_alive_race";
}
