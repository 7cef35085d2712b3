using Akka.IO;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Http;

/// <summary>Serialises the head forwarded to a member: origin-form target, hop-by-hop fields removed, Via and X-Forwarded-* added.</summary>
/// <remarks>
/// The member always receives HTTP/1.1: the proxy owns the client connection's persistence, so the member
/// connection is a pooled 1.1 connection whatever version the client spoke. Field names go out as received.
/// </remarks>
internal static class RequestHeadWriter
{
    /// <param name="clientAddress">The client's IP address as ASCII bytes, appended to X-Forwarded-For.</param>
    /// <param name="upgrade">
    /// The request asks to switch protocols (<see cref="UpgradeRequest.Is"/>): its Upgrade field goes on with
    /// <c>Connection: upgrade</c> (RFC 9110 section 7.8), the only hop-by-hop field ever forwarded. Otherwise
    /// Upgrade and HTTP2-Settings are both removed: the request goes on as plain HTTP/1.1.
    /// </param>
    /// <param name="via">The proxy's Via entry, added after the request's own; null adds none (tests of other fields).</param>
    /// <param name="allowed">With <paramref name="upgrade"/>: only these protocols of the Upgrade field go on.</param>
    /// <param name="stripPrefix">
    /// Bytes of the path removed from its front (<c>strip_path_prefix</c>, the route's matched prefix): <c>/api/x</c>
    /// goes on as <c>/x</c>, <c>/api</c> and <c>/api?q</c> as <c>/</c> and <c>/?q</c>. 0 forwards the path as it is.
    /// </param>
    /// <param name="rules">
    /// The service's <c>request_headers</c>: fields set or removed are not copied (the proxy's own Via and X-Forwarded-*
    /// included), and the set and appended lines follow the proxy's fields.
    /// </param>
    public static ByteString Write(
        RequestHead head, ReadOnlySpan<byte> clientAddress, bool upgrade = false, ViaField? via = null, UpgradeProtocols? allowed = null,
        int stripPrefix = 0, HeaderRules? rules = null)
    {
        var dropping = rules is { DropsAny: true };
        upgrade &= head.UpgradeRequested;
        // RFC 9110 section 10.1.1: a 100-continue from an HTTP/1.0 client means nothing, but the member is spoken to
        // in HTTP/1.1 and would honour it.
        var dropExpect = !head.IsHttp11;
        var fields = head.Fields;
        // HTTP2-Settings means something only with an h2c upgrade, and goes on only with one that is allowed.
        var forwardSettings = upgrade && (allowed is null || allowed.Allows("h2c"u8));
        var settingsForwarded = false;
        var transferEncodingWritten = false;
        // Every output line is at most its input line plus a SP and a CR; Host and X-Forwarded-Host may repeat
        // the authority; the fixed names and the client address are the rest.
        var builder = new HeadBuilder((2 * fields.Length) + (2 * head.AuthorityLength) + clientAddress.Length + (via?.MaxLength ?? 0)
            + (rules?.Lines.Length ?? 0) + 256);
        builder.Append(head.MethodBytes);
        builder.Append((byte)' ');
        AppendTarget(ref builder, head, stripPrefix);
        builder.Append(" HTTP/1.1\r\n"u8);

        if (head.HostIndex < 0)
            builder.AppendField("Host"u8, head.ForwardHost);
        for (var i = 0; i < fields.Count; i++)
        {
            ref readonly var field = ref fields[i];
            // The upgrade's own fields go on with it; HTTP2-Settings is connection-specific too (RFC 9113 section 3.2.1).
            var upgradeField = (upgrade && field.Kind == FieldKind.Upgrade) || (forwardSettings && field.Kind == FieldKind.Http2Settings);
            if ((field.NamedByConnection || FieldNames.IsHopByHop(field.Kind)) && !upgradeField)
                continue;
            // Rules never name the fields handled below but Via and X-Forwarded-*, which the proxy drops anyway.
            if (dropping && field.Kind is FieldKind.Other or FieldKind.Via or FieldKind.MaxForwards or FieldKind.Date && rules!.Drops(fields.Name(i)))
                continue;
            settingsForwarded |= forwardSettings && field.Kind == FieldKind.Http2Settings;
            switch (field.Kind)
            {
                case FieldKind.Expect when dropExpect:
                    continue;
                case FieldKind.Http2Settings when !forwardSettings:
                    // RFC 9113 section 3.2.1: it only means something with an h2c upgrade, which is not forwarded.
                    continue;
                case FieldKind.Upgrade when allowed is not null:
                    AppendAllowedUpgrade(ref builder, fields.Name(i), fields.Value(i), allowed);
                    continue;
                case FieldKind.XForwardedFor or FieldKind.XForwardedProto or FieldKind.XForwardedHost:
                    continue;
                case FieldKind.Host:
                    // RFC 9112 section 3.2.2: an absolute-form target's authority replaces Host.
                    builder.AppendField(fields.Name(i), head.ForwardHost);
                    continue;
                case FieldKind.MaxForwards when head.MaxForwards > 0:
                    // RFC 9110 section 7.6.2: a TRACE or OPTIONS goes on with one hop less.
                    builder.AppendField(fields.Name(i), head.MaxForwards - 1);
                    continue;
                case FieldKind.ContentLength when head.Framing == BodyFraming.ContentLength:
                    // The value as a number: leading zeros are valid (RFC 9110 section 8.6), but a member whose
                    // parser caps the digits would refuse what the proxy accepted.
                    builder.AppendField(fields.Name(i), head.ContentLength);
                    continue;
                case FieldKind.TransferEncoding:
                    if (!transferEncodingWritten)
                        FramingFields.AppendTransferEncoding(ref builder, fields, i);
                    transferEncodingWritten = true;
                    continue;
                default:
                    builder.AppendField(fields.Name(i), fields.Value(i));
                    continue;
            }
        }

        if (via is not null && !(rules?.DropsVia ?? false))
            builder.Append(via.Line(head.IsHttp11));
        if (!(rules?.DropsForwardedFor ?? false))
            AppendForwardedFor(ref builder, fields, clientAddress);
        if (!(rules?.DropsForwardedProto ?? false))
            builder.Append("X-Forwarded-Proto: http\r\n"u8);
        if (!(rules?.DropsForwardedHost ?? false))
            builder.AppendField("X-Forwarded-Host"u8, head.ForwardHost);
        if (rules is not null)
            builder.Append(rules.Lines);
        if (settingsForwarded)
            builder.Append("Connection: upgrade, HTTP2-Settings\r\n"u8);
        else if (upgrade)
            builder.Append("Connection: upgrade\r\n"u8);
        builder.AppendCrLf();
        return builder.ToByteString();
    }

    /// <summary>
    /// Origin-form for members (RFC 9112 section 3.2.2): an absolute-form target keeps its path and query, an empty
    /// path becomes "/", or "*" for OPTIONS without path or query (section 3.2.4). Other forms go out as received.
    /// </summary>
    /// <remarks>
    /// With <paramref name="stripPrefix"/>, the route matched that many bytes of the path (a whole segment run, so what
    /// follows is empty, '/' or '?'): they are left out, and an empty path becomes "/".
    /// </remarks>
    private static void AppendTarget(ref HeadBuilder builder, RequestHead head, int stripPrefix)
    {
        if (head.Form != TargetForm.Absolute && stripPrefix == 0)
        {
            builder.Append(head.Target);
            return;
        }

        var path = head.RoutePath;
        if (head.Form == TargetForm.Absolute && path.IsEmpty && head.Method == HttpMethodKind.Options)
        {
            builder.Append((byte)'*');
            return;
        }

        if (stripPrefix > 0 && stripPrefix <= path.Length)
            path = path[stripPrefix..];
        if (path.IsEmpty || path[0] == (byte)'?')
            builder.Append((byte)'/');
        builder.Append(path);
    }

    /// <summary>The Upgrade field with only the allowed protocols, in the client's order; nothing if none is.</summary>
    private static void AppendAllowedUpgrade(ref HeadBuilder builder, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, UpgradeProtocols allowed)
    {
        var first = true;
        var list = new CommaList(value);
        while (list.MoveNext(out var protocol))
        {
            if (!allowed.Allows(protocol))
                continue;
            if (first)
            {
                builder.Append(name);
                builder.Append(": "u8);
                first = false;
            }
            else
            {
                builder.Append(", "u8);
            }

            builder.Append(protocol);
        }

        if (!first)
            builder.AppendCrLf();
    }

    /// <summary>All received X-Forwarded-For values in order, then the client: one line, as proxies chain it.</summary>
    private static void AppendForwardedFor(ref HeadBuilder builder, FieldTable fields, ReadOnlySpan<byte> clientAddress)
    {
        builder.Append("X-Forwarded-For: "u8);
        for (var i = 0; i < fields.Count; i++)
        {
            ref readonly var field = ref fields[i];
            if (field.Kind != FieldKind.XForwardedFor || field.NamedByConnection || field.ValueLength == 0)
                continue;
            builder.Append(fields.Value(i));
            builder.Append(", "u8);
        }

        builder.Append(clientAddress);
        builder.AppendCrLf();
    }
}
