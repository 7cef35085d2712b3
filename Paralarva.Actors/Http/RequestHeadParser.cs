namespace Paralarva.Actors.Http;

/// <summary>Parses a complete request head (RFC 9112 sections 2-3, 5, 6) strictly; never throws on bad input.</summary>
internal static class RequestHeadParser
{
    /// <summary>
    /// Parses <paramref name="head"/> (exactly the bytes <see cref="HeadScanner.FindHeadEnd"/> delimited) into
    /// <paramref name="into"/>. Returns <see cref="HeadParseStatus.Complete"/> or <see cref="HeadParseStatus.Invalid"/>.
    /// </summary>
    public static HeadParseStatus Parse(ReadOnlySpan<byte> head, RequestHead into) => throw new NotImplementedException();
}
