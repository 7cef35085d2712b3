using Akka.IO;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Http;

/// <summary>Serialises the response head sent to the client: HTTP/1.1 status line, hop-by-hop fields removed, Via added.</summary>
internal static class ResponseHeadWriter
{
    /// <param name="closeClient">Adds <c>Connection: close</c>: the proxy closes the client connection after this response.</param>
    /// <param name="http10KeepAlive">Adds <c>Connection: keep-alive</c> for an HTTP/1.0 client that asked for it.</param>
    /// <param name="removeChunked">
    /// Leaves out Transfer-Encoding: the proxy removes the chunked coding of the body for a client that cannot take
    /// it (RFC 9112 section 6.1: no Transfer-Encoding in a response to HTTP/1.0) and delimits the body by closing.
    /// </param>
    /// <remarks>
    /// A 101 keeps its Upgrade field and gets <c>Connection: upgrade</c> instead (RFC 9110 section 7.8 requires
    /// both), whatever the two flags say: after it the connection speaks the new protocol.
    /// </remarks>
    /// <param name="via">The proxy's Via entry, added after the member's own; null adds none (tests of other fields).</param>
    /// <param name="cookie">Cookie affinity's Set-Cookie for the member that answered (<see cref="AffinityCookie"/>); default adds none.</param>
    /// <param name="rules">
    /// The service's <c>response_headers</c> (none for interim responses): fields set or removed are not copied (the
    /// proxy's Via included, not the affinity cookie), and the set and appended lines follow the proxy's Via.
    /// </param>
    /// <param name="body">Body bytes copied after the head into the same write; null for none.</param>
    public static ByteString Write(ResponseHead head, bool closeClient, bool http10KeepAlive, bool removeChunked = false, ViaField? via = null,
        AffinityCookie cookie = default, HeaderRules? rules = null, ByteString? body = null)
    {
        var fields = head.Fields;
        var switching = head.StatusCode == 101;
        var dropping = rules is { DropsAny: true };
        // RFC 9110 section 8.6 and RFC 9112 section 6.1: no Content-Length or Transfer-Encoding in a 1xx or 204, which
        // have no body whatever a member says.
        var noFraming = head.StatusCode is < 200 or 204;
        var transferEncodingWritten = false;
        var dated = false;
        var builder = new HeadBuilder((2 * fields.Length) + (via?.MaxLength ?? 0) + cookie.MaxLength + (rules?.Lines.Length ?? 0) + 168
            + (body?.Count ?? 0));
        builder.Append("HTTP/1.1 "u8);
        builder.Append(fields.Slice(head.StatusStart, 3));
        builder.Append((byte)' ');
        builder.Append(head.Reason);
        builder.AppendCrLf();

        for (var i = 0; i < fields.Count; i++)
        {
            ref readonly var field = ref fields[i];
            var hopByHop = field.NamedByConnection || FieldNames.IsHopByHop(field.Kind);
            if (hopByHop && !(switching && field.Kind == FieldKind.Upgrade))
                continue;
            // A body whose chunked coding is removed loses its trailer section, and so the field announcing it.
            if (field.Kind == FieldKind.Trailer && removeChunked)
                continue;
            if (field.Kind == FieldKind.TransferEncoding)
            {
                if (!removeChunked && !noFraming && !transferEncodingWritten)
                    FramingFields.AppendTransferEncoding(ref builder, fields, i);
                transferEncodingWritten = true;
                continue;
            }

            if (noFraming && field.Kind == FieldKind.ContentLength)
                continue;
            // The length of the body that follows as a number (leading zeros dropped, as in requests); a 304's or a HEAD
            // response's, which frames nothing, goes on as it came.
            if (field.Kind == FieldKind.ContentLength && head.Framing == BodyFraming.ContentLength)
            {
                builder.AppendField(fields.Name(i), head.ContentLength);
                continue;
            }
            // Rules never name the framing or hop-by-hop fields (HeaderRulesReader refuses them).
            if (dropping && field.Kind is FieldKind.Other or FieldKind.Via or FieldKind.XForwardedFor or FieldKind.XForwardedProto
                    or FieldKind.XForwardedHost or FieldKind.Date && rules!.Drops(fields.Name(i)))
                continue;
            dated |= field.Kind == FieldKind.Date;
            builder.AppendField(fields.Name(i), fields.Value(i));
        }

        // RFC 9110 section 6.6.1: a response forwarded without a Date gets the time it was received; a service's
        // response_headers rule for Date decides for itself.
        if (!dated && !head.IsInterim && !(dropping && rules!.Drops("date"u8)))
            builder.Append(HttpDate.Line);

        if (via is not null && !(rules?.DropsVia ?? false))
            builder.Append(via.Line(head.IsHttp11));
        if (rules is not null)
            builder.Append(rules.Lines);
        cookie.AppendTo(ref builder);
        if (switching)
            builder.Append("Connection: upgrade\r\n"u8);
        else if (closeClient)
            builder.Append("Connection: close\r\n"u8);
        else if (http10KeepAlive)
            builder.Append("Connection: keep-alive\r\n"u8);
        builder.AppendCrLf();
        if (body is { IsEmpty: false })
            builder.Append(body);
        return builder.ToByteString();
    }
}
