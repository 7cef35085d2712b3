namespace Paralarva.Actors.Http;

/// <summary>Every way an exchange can fail, mapped to a status code in <see cref="ProxyErrors"/>.</summary>
public enum ProxyError : byte
{
    None = 0,
    /// <summary>Malformed or ambiguous request (RFC 9112 framing, syntax, missing Host): 400.</summary>
    BadRequest,
    /// <summary>Host names no configured service: 400, as the original.</summary>
    NoRoute,
    /// <summary>The Host's services all have paths and none of them takes the request's path: 404, as nginx and YARP answer.</summary>
    NoPathRoute,
    /// <summary>Request head larger than the configured limit: 431.</summary>
    HeadTooLarge,
    /// <summary>Member refused the connection or it could not be opened: 502.</summary>
    MemberRefused,
    /// <summary>Member closed or reset the connection mid-exchange: 502.</summary>
    MemberReset,
    /// <summary>Member sent a malformed response: 502.</summary>
    BadResponse,
    /// <summary>Member did not answer within the timeout: 504.</summary>
    MemberTimeout,
    /// <summary>No member could take the request: 503.</summary>
    NoMemberAvailable,
    /// <summary>No member could take the request because passive health ejected them: 503.</summary>
    Ejected,
    /// <summary>The client did not send a whole request head (or body) in time: 408.</summary>
    RequestTimeout,
    /// <summary>The request body exceeds the configured limit: 413.</summary>
    BodyTooLarge,
    /// <summary>The request line alone is longer than the request head limit: 414 (RFC 9112 section 3).</summary>
    UriTooLong,
}
