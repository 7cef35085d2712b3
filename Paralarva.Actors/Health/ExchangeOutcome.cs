namespace Paralarva.Actors.Health;

/// <summary>How an exchange with a member ended, as passive health sees it (carried on the lease's release).</summary>
public enum ExchangeOutcome : byte
{
    /// <summary>Nothing to learn about the member: the client went away, the request was bad, a stale lease.</summary>
    Unknown = 0,
    /// <summary>The member answered with a status below 500.</summary>
    Success,
    /// <summary>The member answered 5xx.</summary>
    ServerError,
    /// <summary>A connection to the member could not be opened (refused, or not within <c>timeouts.connect</c>).</summary>
    Refused,
    /// <summary>The member closed or reset the connection before the response ended.</summary>
    Reset,
    /// <summary>The member sent no response byte within the timeout.</summary>
    Timeout,
}
