namespace Paralarva.Actors.Http;

/// <summary>
/// Reads Content-Length and Transfer-Encoding (RFC 9112 sections 6.1-6.3) over all of a head's field lines.
/// Both are strict: a proxy and its member that disagree on where a body ends is request smuggling.
/// </summary>
internal static class FramingFields
{
    /// <summary>Digits that always fit a long: 18 nines is below <see cref="long.MaxValue"/>.</summary>
    private const int MaxContentLengthDigits = 18;

    /// <summary>
    /// -1 when there is no Content-Length, -2 when it is invalid: not 1*DIGIT (sign, inner space, comma list),
    /// over 18 digits after leading zeros, or given on more than one line even with equal values (stricter than RFC 9112
    /// section 6.3, which lets a recipient merge equal values: the proxy never guesses).
    /// </summary>
    public static long ReadContentLength(FieldTable table)
    {
        var result = -1L;
        for (var i = 0; i < table.Count; i++)
        {
            if (table[i].Kind != FieldKind.ContentLength)
                continue;
            if (result != -1)
                return -2;
            result = ParseDigits(table.Value(i));
            if (result < 0)
                return -2;
        }

        return result;
    }

    public static TransferCodings ReadTransferEncoding(FieldTable table)
    {
        var present = false;
        var codings = 0;
        var chunked = 0;
        var lastIsChunked = false;
        for (var i = 0; i < table.Count; i++)
        {
            if (table[i].Kind != FieldKind.TransferEncoding)
                continue;
            present = true;
            var list = new CommaList(table.Value(i));
            while (list.MoveNext(out var coding))
            {
                var name = CodingName(coding);
                if (name.IsEmpty)
                    return TransferCodings.Invalid;
                codings++;
                lastIsChunked = FieldNames.Is(name, "chunked"u8);
                // chunked takes no parameters, and applying it twice is forbidden (RFC 9112 section 7).
                if (lastIsChunked && (name.Length != coding.Length || ++chunked > 1))
                    return TransferCodings.Invalid;
            }
        }

        if (!present)
            return TransferCodings.Absent;
        // An empty list says nothing about the body: ambiguous, so invalid.
        if (codings == 0)
            return TransferCodings.Invalid;
        // chunked applied, then another coding on top: a client that sees "chunked" reads chunks that are not there
        // (curl fails); HAProxy refuses it too.
        if (!lastIsChunked)
            return chunked > 0 ? TransferCodings.Invalid : TransferCodings.NotChunkedLast;
        return codings == 1 ? TransferCodings.Chunked : TransferCodings.ChunkedLast;
    }

    /// <summary>
    /// 1*DIGIT with at most 18 digits after its leading zeros, else -1: a recipient must read a long numeral
    /// (RFC 9110 section 8.6), and zeros in front of one change nothing of its value.
    /// </summary>
    public static long ParseDigits(ReadOnlySpan<byte> digits)
    {
        if (digits.IsEmpty)
            return -1;
        var significant = digits.IndexOfAnyExcept((byte)'0');
        if (significant < 0)
            return 0;
        digits = digits[significant..];
        if (digits.Length > MaxContentLengthDigits)
            return -1;
        var value = 0L;
        foreach (var b in digits)
        {
            if (!HttpChars.IsDigit(b))
                return -1;
            value = (value * 10) + (b - '0');
        }

        return value;
    }

    /// <summary>
    /// Writes the head's Transfer-Encoding as one field line of its codings, under the first line's name. The proxy is
    /// the sender of this connection-specific field, and a sender generates no empty list elements (RFC 9110 section
    /// 5.6.1): <c>,chunked</c> or a coding list spread over several lines goes on as <c>chunked</c> on one line, which
    /// no member can read differently from the proxy.
    /// </summary>
    public static void AppendTransferEncoding(ref HeadBuilder builder, FieldTable table, int firstIndex)
    {
        builder.Append(table.Name(firstIndex));
        builder.Append(": "u8);
        var first = true;
        for (var i = firstIndex; i < table.Count; i++)
        {
            if (table[i].Kind != FieldKind.TransferEncoding)
                continue;
            var list = new CommaList(table.Value(i));
            while (list.MoveNext(out var coding))
            {
                if (!first)
                    builder.Append(", "u8);
                builder.Append(coding);
                first = false;
            }
        }

        builder.AppendCrLf();
    }

    /// <summary>
    /// The token naming a transfer-coding element (<c>token *( OWS ";" OWS transfer-parameter )</c>), or empty when
    /// the element does not start with a token or what follows it is not a parameter list.
    /// </summary>
    private static ReadOnlySpan<byte> CodingName(ReadOnlySpan<byte> coding)
    {
        var end = coding.IndexOfAnyExcept(HttpChars.Token);
        if (end < 0)
            return coding;
        if (end == 0 || coding[end..].TrimStart(" \t"u8) is not [(byte)';', ..])
            return default;
        return coding[..end];
    }
}
