namespace Paralarva.Actors.Http;

/// <summary>
/// Decides whether a request asks to switch protocols (RFC 9110 section 7.8), so that its Upgrade field is
/// forwarded instead of dropped as hop-by-hop and a 101 from the member opens a tunnel.
/// </summary>
internal static class UpgradeRequest
{
    /// <summary>
    /// True for HTTP/1.1 with an Upgrade field named by a <c>Connection: upgrade</c> option, and no body.
    /// </summary>
    /// <remarks>
    /// RFC 9110 section 7.8: Upgrade in an HTTP/1.0 request is ignored, and without the Connection option the
    /// field is not meant for this hop. A request with a body is forwarded as an ordinary one: the body would
    /// have to be relayed in full before the member may switch, and WebSocket handshakes (RFC 6455 section 4.1,
    /// always a GET) never carry one.
    /// </remarks>
    public static bool Is(RequestHead head)
    {
        if (!head.IsHttp11 || head.Framing == BodyFraming.Chunked
            || (head.Framing == BodyFraming.ContentLength && head.ContentLength != 0))
            return false;

        var fields = head.Fields;
        var hasUpgrade = false;
        var connectionUpgrade = false;
        for (var i = 0; i < fields.Count; i++)
        {
            switch (fields[i].Kind)
            {
                case FieldKind.Upgrade:
                    hasUpgrade |= fields[i].ValueLength > 0;
                    break;
                case FieldKind.Connection:
                    connectionUpgrade |= NamesUpgrade(fields.Value(i));
                    break;
            }
        }

        return hasUpgrade && connectionUpgrade;
    }

    private static bool NamesUpgrade(ReadOnlySpan<byte> connection)
    {
        var list = new CommaList(connection);
        while (list.MoveNext(out var option))
        {
            if (FieldNames.Is(option, "upgrade"u8))
                return true;
        }

        return false;
    }
}
