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
    /// <remarks>
    /// Each LF at or after <paramref name="scanFrom"/> is checked by looking at most four bytes back, so the work
    /// per call is proportional to the new bytes and no state is kept between calls. An LF ends the head when it
    /// ends an empty line (LF, optionally CR, then LF) whose previous line is not empty: an empty line after
    /// another empty line, or at the start, is one of the leading empty lines. A bare CR in those lines is left
    /// for the parser to reject.
    /// </remarks>
    public static int FindHeadEnd(ReadOnlySpan<byte> buffer, int scanFrom)
    {
        var from = Math.Max(0, scanFrom);
        while (from < buffer.Length)
        {
            var lf = buffer[from..].IndexOf((byte)'\n');
            if (lf < 0)
                return -1;
            var end = from + lf;
            if (EndsEmptyLineAfterContent(buffer, end))
                return end + 1;
            from = end + 1;
        }

        return -1;
    }

    private static bool EndsEmptyLineAfterContent(ReadOnlySpan<byte> buffer, int lf)
    {
        var previousEnd = SkipCr(buffer, lf - 1);
        if (previousEnd < 0 || buffer[previousEnd] != (byte)'\n')
            return false;
        var lastContent = SkipCr(buffer, previousEnd - 1);
        return lastContent >= 0 && buffer[lastContent] != (byte)'\n';
    }

    /// <summary>Steps back over one CR at <paramref name="index"/>, if there is one.</summary>
    private static int SkipCr(ReadOnlySpan<byte> buffer, int index) =>
        index >= 0 && buffer[index] == (byte)'\r' ? index - 1 : index;
}
