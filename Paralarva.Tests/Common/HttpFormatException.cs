namespace Paralarva.Tests.Common;

/// <summary>
/// Thrown by the test fixtures when bytes on the wire are not valid HTTP/1.1 (or end too
/// early). In a proxy test this means the proxy sent something malformed.
/// </summary>
public sealed class HttpFormatException : Exception
{
    public HttpFormatException(string message)
        : base(message)
    {
    }

    public HttpFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public HttpFormatException()
    {
    }
}
