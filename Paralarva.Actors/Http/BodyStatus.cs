namespace Paralarva.Actors.Http;

public enum BodyStatus : byte
{
    /// <summary>All given bytes belong to the body and it has not ended.</summary>
    NeedMore = 0,
    /// <summary>The body ended; bytes after <c>consumed</c> belong to the next message.</summary>
    Complete,
    /// <summary>Malformed framing (bad chunk size, extension, missing CRLF...).</summary>
    Invalid,
}
