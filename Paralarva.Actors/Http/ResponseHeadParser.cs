namespace Paralarva.Actors.Http;

/// <summary>Parses a complete response head strictly; never throws on bad input.</summary>
internal static class ResponseHeadParser
{
    /// <summary>Parses a head delimited by <see cref="HeadScanner.FindHeadEnd"/>; <paramref name="requestMethod"/> decides HEAD framing.</summary>
    public static HeadParseStatus Parse(ReadOnlySpan<byte> head, HttpMethodKind requestMethod, ResponseHead into) => throw new NotImplementedException();
}
