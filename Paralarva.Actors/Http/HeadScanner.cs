namespace Paralarva.Actors.Http;

/// <summary>Finds where a message head ends, resumably, so a head arriving byte by byte is scanned once.</summary>
internal static class HeadScanner
{
    /// <summary>
    /// Returns the length of the head (index just past the empty line that ends it: CRLF CRLF, or LF LF
    /// as RFC 9112 section 2.2 lets a recipient accept), or -1 when the head has not ended yet.
    /// <paramref name="scanFrom"/> is where a previous call stopped (0 the first time); the caller
    /// passes <c>Math.Max(0, previousLength - 3)</c>.
    /// Leading empty lines before a request line (RFC 9112 section 2.2) are not an end of head.
    /// </summary>
    public static int FindHeadEnd(ReadOnlySpan<byte> buffer, int scanFrom) => throw new NotImplementedException();
}
