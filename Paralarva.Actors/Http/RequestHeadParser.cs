namespace Paralarva.Actors.Http;

/// <summary>Parses a complete request head (RFC 9112 sections 2-3, 5, 6) strictly; never throws on bad input.</summary>
internal static class RequestHeadParser
{
    /// <summary>
    /// Parses <paramref name="head"/> (exactly the bytes <see cref="HeadScanner.FindHeadEnd"/> delimited) into
    /// <paramref name="into"/>. Returns <see cref="HeadParseStatus.Complete"/>, <see cref="HeadParseStatus.Invalid"/>, or
    /// <see cref="HeadParseStatus.TooLarge"/> when it has more field lines than <see cref="RequestHead.MaxHeaderCount"/>.
    /// </summary>
    public static HeadParseStatus Parse(ReadOnlySpan<byte> head, RequestHead into)
    {
        into.Clear();
        var fields = into.Fields;
        fields.Load(head);
        var bytes = fields.Bytes;

        // RFC 9112 section 2.2: empty lines before the request-line are ignored.
        var pos = 0;
        int lineStart, lineLength;
        do
        {
            if (!HeadLines.TryReadLine(bytes, ref pos, out lineStart, out lineLength))
                return HeadParseStatus.Invalid;
        }
        while (lineLength == 0);

        if (!RequestLineParser.Parse(bytes, lineStart, lineLength, into))
            return HeadParseStatus.Invalid;
        var fieldStatus = HeadLines.ParseFields(fields, pos, into.MaxHeaderCount);
        if (fieldStatus != HeadParseStatus.Complete)
            return fieldStatus;
        if (!ReadHost(into)
            || !ReadFraming(into)
            || !ConnectionOptions.Read(fields, out var options))
            return HeadParseStatus.Invalid;

        // HTTP/1.1 persists unless closed; HTTP/1.0 only when asked (RFC 9112 section 9.3).
        into.KeepAlive = !options.Close && (into.IsHttp11 || options.KeepAlive);
        // RFC 9110 section 7.8: Upgrade only counts with the "upgrade" connection option, and never in HTTP/1.0.
        into.UpgradeRequested = into.IsHttp11 && options.Upgrade && fields.IndexOf(FieldKind.Upgrade) >= 0;
        // RFC 9110 section 10.1.1: a 100-continue expectation in an HTTP/1.0 request must be ignored.
        into.ExpectContinue = into.IsHttp11 && ReadExpectContinue(fields);
        if (into.Method is HttpMethodKind.Trace or HttpMethodKind.Options)
            into.MaxForwards = ReadMaxForwards(fields);
        return HeadParseStatus.Complete;
    }

    /// <summary>
    /// <c>Max-Forwards = 1*DIGIT</c>, or -1 when absent, repeated or not a number: such a field is forwarded as received,
    /// since RFC 9110 section 7.6.2 says nothing of it (nginx and HAProxy forward every one unchanged).
    /// </summary>
    private static long ReadMaxForwards(FieldTable fields)
    {
        var index = fields.IndexOf(FieldKind.MaxForwards);
        if (index < 0 || fields.IndexOf(FieldKind.MaxForwards, index + 1) >= 0)
            return -1;
        return FramingFields.ParseDigits(fields.Value(index));
    }

    /// <summary>
    /// RFC 9112 section 3.2: HTTP/1.1 needs exactly one valid Host; HTTP/1.0 may omit it only when the target
    /// names the host. An absolute-form target overrides Host for routing (section 3.2.2).
    /// </summary>
    private static bool ReadHost(RequestHead into)
    {
        var fields = into.Fields;
        var hostLength = -1;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Kind != FieldKind.Host)
                continue;
            if (into.HostIndex >= 0)
                return false;
            into.HostIndex = i;
            hostLength = HostSyntax.HostLength(fields.Value(i));
            if (hostLength < 0)
                return false;
        }

        if (into.Form == TargetForm.Absolute)
        {
            var authority = fields.Slice(into.AuthorityStart, into.AuthorityLength);
            into.SetRouteHost(authority[..HostSyntax.HostLength(authority)]);
            return into.HostIndex >= 0 || !into.IsHttp11;
        }

        if (into.HostIndex < 0)
            return false;
        into.SetRouteHost(fields.Value(into.HostIndex)[..hostLength]);
        return true;
    }

    /// <summary>
    /// RFC 9112 section 6: Transfer-Encoding with Content-Length, in HTTP/1.0, or with any coding but a single
    /// final chunked (the only one the proxy relays) is invalid, as is any Content-Length that is not one 1*DIGIT.
    /// </summary>
    private static bool ReadFraming(RequestHead into)
    {
        var contentLength = FramingFields.ReadContentLength(into.Fields);
        var codings = FramingFields.ReadTransferEncoding(into.Fields);
        if (codings != TransferCodings.Absent)
        {
            if (contentLength != -1 || !into.IsHttp11 || codings != TransferCodings.Chunked)
                return false;
            into.Framing = BodyFraming.Chunked;
            return true;
        }

        if (contentLength == -2)
            return false;
        if (contentLength >= 0)
        {
            into.Framing = BodyFraming.ContentLength;
            into.ContentLength = contentLength;
        }

        return true;
    }

    private static bool ReadExpectContinue(FieldTable fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Kind != FieldKind.Expect)
                continue;
            var list = new CommaList(fields.Value(i));
            while (list.MoveNext(out var expectation))
            {
                if (FieldNames.Is(expectation, "100-continue"u8))
                    return true;
            }
        }

        return false;
    }
}
