namespace Paralarva.Actors.Http;

/// <summary>Parses a complete response head strictly; never throws on bad input.</summary>
internal static class ResponseHeadParser
{
    /// <summary>Parses a head delimited by <see cref="HeadScanner.FindHeadEnd"/>; <paramref name="requestMethod"/> decides HEAD framing.</summary>
    public static HeadParseStatus Parse(ReadOnlySpan<byte> head, HttpMethodKind requestMethod, ResponseHead into)
    {
        into.Clear();
        var fields = into.Fields;
        fields.Load(head);
        var pos = 0;
        if (!HeadLines.TryReadLine(fields.Bytes, ref pos, out var lineStart, out var lineLength)
            || !ParseStatusLine(fields.Bytes.Slice(lineStart, lineLength), lineStart, into)
            || HeadLines.ParseFields(fields, pos, into.MaxHeaderCount) != HeadParseStatus.Complete
            || !ConnectionOptions.Read(fields, out var options)
            || !ReadFraming(into, requestMethod))
            return HeadParseStatus.Invalid;

        // A body that ends at close cannot leave the connection reusable (RFC 9112 section 9.3).
        into.KeepAlive = !options.Close && (into.IsHttp11 || options.KeepAlive) && into.Framing != BodyFraming.UntilClose;
        return HeadParseStatus.Complete;
    }

    /// <summary>
    /// <c>HTTP/1.x SP 3DIGIT SP reason-phrase</c> (RFC 9112 section 4). The SP before an empty reason is
    /// optional, as nginx and most clients accept <c>HTTP/1.1 200</c>.
    /// </summary>
    private static bool ParseStatusLine(ReadOnlySpan<byte> line, int lineStart, ResponseHead into)
    {
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || !HttpChars.IsDigit(line[7]) || line[8] != (byte)' ')
            return false;
        var d0 = line[9] - '0';
        var d1 = line[10] - '0';
        var d2 = line[11] - '0';
        if ((uint)d0 > 9 || (uint)d1 > 9 || (uint)d2 > 9)
            return false;
        var status = (d0 * 100) + (d1 * 10) + d2;
        if (status is < 100 or > 599)
            return false;
        var reason = line[12..];
        if (!reason.IsEmpty && (reason[0] != (byte)' ' || !HttpChars.IsFieldValue(reason[1..])))
            return false;

        into.IsHttp11 = line[7] != (byte)'0';
        into.StatusCode = status;
        into.StatusStart = lineStart + 9;
        into.ReasonStart = lineStart + Math.Min(13, line.Length);
        into.ReasonLength = Math.Max(0, line.Length - 13);
        return true;
    }

    /// <summary>RFC 9112 section 6.3, in its order: no-body responses first, then Transfer-Encoding, then Content-Length.</summary>
    private static bool ReadFraming(ResponseHead into, HttpMethodKind requestMethod)
    {
        // 101 switches protocols: what follows is not an HTTP body, and the upgrade is the actor's business.
        if (requestMethod == HttpMethodKind.Head || into.StatusCode is < 200 or 204 or 304)
            return true;

        var contentLength = FramingFields.ReadContentLength(into.Fields);
        switch (FramingFields.ReadTransferEncoding(into.Fields))
        {
            case TransferCodings.Invalid:
                return false;
            case TransferCodings.Absent:
                break;
            // Both framings at once is how responses get split: 502 rather than guess (section 6.3 point 3);
            // HTTP/1.0 has no transfer codings, so its framing is faulty (section 6.1).
            case var _ when contentLength != -1 || !into.IsHttp11:
                return false;
            case TransferCodings.NotChunkedLast:
                into.Framing = BodyFraming.UntilClose;
                return true;
            default:
                into.Framing = BodyFraming.Chunked;
                return true;
        }

        if (contentLength == -2)
            return false;
        into.Framing = contentLength >= 0 ? BodyFraming.ContentLength : BodyFraming.UntilClose;
        into.ContentLength = contentLength;
        return true;
    }
}
