namespace Paralarva.Actors.Http;

/// <summary>How the end of a message body is found (RFC 9112 section 6.3).</summary>
public enum BodyFraming : byte
{
    /// <summary>No body at all.</summary>
    None = 0,
    ContentLength,
    Chunked,
    /// <summary>Responses only: the body ends when the member closes the connection.</summary>
    UntilClose,
}
