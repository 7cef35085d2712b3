namespace Paralarva.Tests.Common;

/// <summary>What <see cref="TestOrigin"/> does with a request.</summary>
public enum OriginResponseKind
{
    /// <summary>A well-formed response: status, headers, body framed by <see cref="OriginResponse.Framing"/>.</summary>
    Normal,
    /// <summary><see cref="OriginResponse.Raw"/> written exactly as is.</summary>
    Raw,
    /// <summary>Close the connection (FIN) without answering.</summary>
    Close,
    /// <summary>Abort the connection with a TCP RST without answering.</summary>
    Reset,
    /// <summary>Never answer; the connection is held open until the origin is disposed.</summary>
    Never,
    /// <summary>Await <see cref="OriginResponse.Pending"/> and act on the response it yields.</summary>
    Deferred,
}
