namespace Paralarva.Actors.Http;

/// <summary>
/// Looks at the request line of a head that has not ended yet. RFC 9112 section 3: an invalid request line is answered
/// with 400 at once (an HTTP/0.9 <c>GET /</c> line would otherwise wait for a head end that never comes, as nginx and
/// HAProxy do not make it wait), and a request line longer than the head limit is a URI too long, 414, as nginx
/// answers, not a head too large.
/// </summary>
internal static class RequestLineScan
{
    public enum Verdict : byte
    {
        /// <summary>The request line has not ended yet.</summary>
        Pending = 0,
        Valid,
        Invalid,
    }

    /// <summary>
    /// Checks the first non-empty line of <paramref name="partialHead"/> (RFC 9112 section 2.2: empty lines before it are
    /// ignored). <paramref name="scratch"/> receives what the line parser finds; the head's own parse clears it.
    /// </summary>
    public static Verdict Check(ReadOnlySpan<byte> partialHead, RequestHead scratch)
    {
        var pos = 0;
        int lineStart, lineLength;
        do
        {
            if (!HeadLines.TryReadLine(partialHead, ref pos, out lineStart, out lineLength))
                return Verdict.Pending;
        }
        while (lineLength == 0);

        scratch.Clear();
        return RequestLineParser.Parse(partialHead, lineStart, lineLength, scratch) ? Verdict.Valid : Verdict.Invalid;
    }
}
