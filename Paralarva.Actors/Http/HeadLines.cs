namespace Paralarva.Actors.Http;

/// <summary>
/// Splits a head into lines and parses its field lines (RFC 9112 sections 2.2 and 5), strictly: obs-fold,
/// whitespace before the colon, an empty or non-token name, and CTLs or a bare CR in a value are all
/// errors, because a proxy that reads such a line differently from the member is a smuggling vector.
/// </summary>
internal static class HeadLines
{
    /// <summary>
    /// Reads the line starting at <paramref name="pos"/> without its CRLF or bare LF ending (RFC 9112 section 2.2
    /// lets a recipient accept LF alone) and moves <paramref name="pos"/> past it. False when no line ending follows.
    /// </summary>
    public static bool TryReadLine(ReadOnlySpan<byte> head, ref int pos, out int start, out int length)
    {
        start = pos;
        length = 0;
        var lf = head[pos..].IndexOf((byte)'\n');
        if (lf < 0)
            return false;
        length = lf > 0 && head[pos + lf - 1] == (byte)'\r' ? lf - 1 : lf;
        pos += lf + 1;
        return true;
    }

    /// <summary>
    /// Parses the field lines from <paramref name="pos"/> up to the empty line, which must end the head.
    /// More than <paramref name="maxFields"/> lines is <see cref="HeadParseStatus.TooLarge"/> (431 for a request).
    /// </summary>
    public static HeadParseStatus ParseFields(FieldTable table, int pos, int maxFields)
    {
        var head = table.Bytes;
        while (TryReadLine(head, ref pos, out var start, out var length))
        {
            if (length == 0)
                return pos == head.Length ? HeadParseStatus.Complete : HeadParseStatus.Invalid;
            if (table.Count >= maxFields)
                return HeadParseStatus.TooLarge;
            if (!TryParseField(head.Slice(start, length), out var nameLength, out var valueOffset, out var valueLength))
                return HeadParseStatus.Invalid;
            var kind = FieldNames.Classify(head.Slice(start, nameLength));
            table.Add(start, nameLength, start + valueOffset, valueLength, kind);
        }

        return HeadParseStatus.Invalid;
    }

    /// <summary>
    /// Splits <c>name ":" OWS value OWS</c>. A line starting with SP or HTAB is obs-fold (RFC 9112 section 5.2)
    /// and fails the token check, as does whitespace before the colon (section 5.1).
    /// </summary>
    public static bool TryParseField(ReadOnlySpan<byte> line, out int nameLength, out int valueOffset, out int valueLength)
    {
        valueOffset = 0;
        valueLength = 0;
        nameLength = line.IndexOf((byte)':');
        if (nameLength <= 0 || !HttpChars.IsToken(line[..nameLength]))
            return false;
        var value = line[(nameLength + 1)..];
        var leading = value.Length - value.TrimStart(" \t"u8).Length;
        var trimmed = HttpChars.TrimOws(value);
        valueOffset = nameLength + 1 + leading;
        valueLength = trimmed.Length;
        return HttpChars.IsFieldValue(trimmed);
    }
}
