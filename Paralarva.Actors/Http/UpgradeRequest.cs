using Paralarva.Actors.Config;

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

    /// <summary>
    /// <see cref="Is(RequestHead)"/>, and at least one protocol the client offers is on the service's allow list:
    /// only then is the Upgrade forwarded. Otherwise (an <c>h2c</c> offer above all) the request goes on as plain
    /// HTTP/1.1 without Upgrade, and a 101 to it is a bad response.
    /// </summary>
    public static bool Is(RequestHead head, UpgradeProtocols allowed)
    {
        if (!Is(head))
            return false;
        var fields = head.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Kind == FieldKind.Upgrade && allowed.AllowsAny(fields.Value(i)))
                return true;
        }

        return false;
    }

    /// <summary>
    /// True when a 101 answers the upgrade that was forwarded: its Upgrade field (RFC 9110 section 7.8 requires one)
    /// names only protocols that are allowed and that the client offered. A member switching to anything else
    /// would make the tunnel carry a protocol nobody agreed to.
    /// </summary>
    public static bool AcceptedBy(RequestHead request, ResponseHead response, UpgradeProtocols allowed)
    {
        var named = false;
        var fields = response.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Kind != FieldKind.Upgrade)
                continue;
            var list = new CommaList(fields.Value(i));
            while (list.MoveNext(out var protocol))
            {
                if (!allowed.Allows(protocol) || !Offered(request, protocol))
                    return false;
                named = true;
            }
        }

        return named;
    }

    /// <summary>True when the request's Upgrade fields offer <paramref name="protocol"/> (name and version, case-insensitive).</summary>
    private static bool Offered(RequestHead request, ReadOnlySpan<byte> protocol)
    {
        var fields = request.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Kind != FieldKind.Upgrade)
                continue;
            var list = new CommaList(fields.Value(i));
            while (list.MoveNext(out var offered))
            {
                if (FieldNames.Is(offered, protocol) || FieldNames.Is(NameOf(offered), protocol))
                    return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> protocol)
    {
        var slash = protocol.IndexOf((byte)'/');
        return slash < 0 ? protocol : protocol[..slash];
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
