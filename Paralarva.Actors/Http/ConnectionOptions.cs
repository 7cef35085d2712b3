namespace Paralarva.Actors.Http;

/// <summary>Reads the Connection field lines (RFC 9110 section 7.6.1) of a head.</summary>
internal static class ConnectionOptions
{
    /// <summary>
    /// Collects <c>close</c>, <c>keep-alive</c> and <c>upgrade</c> and marks every field the options name as hop-by-hop.
    /// False when an option is not a token, or names Host, Content-Length or Transfer-Encoding: dropping those
    /// while forwarding would make the member frame or route the message differently from the proxy.
    /// </summary>
    public static bool Read(FieldTable table, out ConnectionTokens tokens)
    {
        bool close = false, keepAlive = false, upgrade = false;
        tokens = default;
        for (var i = 0; i < table.Count; i++)
        {
            if (table[i].Kind != FieldKind.Connection)
                continue;
            var list = new CommaList(table.Value(i));
            while (list.MoveNext(out var option))
            {
                if (!HttpChars.IsToken(option))
                    return false;
                close |= FieldNames.Is(option, "close"u8);
                keepAlive |= FieldNames.Is(option, "keep-alive"u8);
                upgrade |= FieldNames.Is(option, "upgrade"u8);
                if (!MarkNamed(table, option))
                    return false;
            }
        }

        tokens = new ConnectionTokens(close, keepAlive, upgrade);
        return true;
    }

    private static bool MarkNamed(FieldTable table, ReadOnlySpan<byte> option)
    {
        for (var j = 0; j < table.Count; j++)
        {
            if (!FieldNames.Is(table.Name(j), option))
                continue;
            if (table[j].Kind is FieldKind.Host or FieldKind.ContentLength or FieldKind.TransferEncoding)
                return false;
            table.MarkNamedByConnection(j);
        }

        return true;
    }
}
