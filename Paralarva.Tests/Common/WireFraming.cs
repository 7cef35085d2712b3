namespace Paralarva.Tests.Common;

/// <summary>How a message body is delimited on the wire (RFC 9112 §6).</summary>
public enum WireFraming
{
    /// <summary>No body: HEAD responses, 1xx, 204, 304, or a request without Content-Length or Transfer-Encoding.</summary>
    None,
    ContentLength,
    Chunked,
    /// <summary>Response body that ends when the server closes the connection.</summary>
    CloseDelimited,
}
