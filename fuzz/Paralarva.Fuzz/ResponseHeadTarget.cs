using Paralarva.Actors.Http;

namespace Paralarva.Fuzz;

/// <summary>
/// The response head path: a member's head collected in pieces, <see cref="ResponseHeadParser"/> and
/// <see cref="ResponseHeadWriter"/>. Invariants: the decision and the bytes sent to the client do not depend on the
/// split; a rejected head sends the client nothing of it; an accepted one is sent as a head that parses again to the
/// same status, reason, framing and end-to-end fields, with no hop-by-hop field, and a Date only where a final head had
/// none. The first byte picks the request method (GET or HEAD), which decides the framing.
/// </summary>
internal static class ResponseHeadTarget
{
    private static readonly string[] Added = ["Connection", "Date"];

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
            return;
        var method = (input[0] & 1) == 0 ? HttpMethodKind.Get : HttpMethodKind.Head;
        input = input[1..];
        var whole = Relay(input, [], method, out var wholeStatus);
        var split = Relay(input, HeadCollector.Cuts(input), method, out var splitStatus);
        InvariantViolation.Check(wholeStatus == splitStatus, "decision " + wholeStatus + " whole but " + splitStatus + " split");
        // A head without Date gets the current second's (HttpDate): when the clock ticked between the two relays, they
        // differ in that line alone. Relayed whole again, within the split relay's second, the head must match it.
        if (!whole.AsSpan().SequenceEqual(split))
            whole = Relay(input, [], method, out _);
        InvariantViolation.Check(whole.AsSpan().SequenceEqual(split), "relayed bytes differ whole and split");
        if (wholeStatus != HeadParseStatus.Complete)
            return;

        HeadCollector.Collect(input, [], out var headBytes, out _);
        var original = new ResponseHead();
        ResponseHeadParser.Parse(headBytes, method, original);
        var again = new ResponseHead { MaxHeaderCount = original.HeaderCount + 4 };
        var status = ResponseHeadParser.Parse(whole, method, again);
        InvariantViolation.Check(status == HeadParseStatus.Complete, "the relayed head does not parse: " + status + "\n" + FieldCheck.Text(whole));
        InvariantViolation.Check(original.StatusCode == again.StatusCode, "status changed");
        InvariantViolation.Check(original.Reason.SequenceEqual(again.Reason), "reason changed");
        InvariantViolation.Check(original.Framing == again.Framing && original.ContentLength == again.ContentLength,
            "framing changed: " + original.Framing + "/" + original.ContentLength + " to " + again.Framing + "/" + again.ContentLength);
        for (var i = 0; i < again.HeaderCount; i++)
        {
            var kind = again.Fields[i].Kind;
            var allowed = kind == FieldKind.Connection || (kind == FieldKind.Upgrade && again.StatusCode == 101);
            InvariantViolation.Check(allowed || !FieldNames.IsHopByHop(kind), "hop-by-hop field relayed: " + FieldCheck.Text(again.HeaderName(i)));
        }

        var kept = Kept(original);
        FieldCheck.SameFields(kept, All(again), Added, "response");
        // RFC 9110 section 6.6.1: a final response that came without Date gets one; any other keeps what it had.
        var keptDates = kept.Count(field => field.Item1.Equals("Date", StringComparison.OrdinalIgnoreCase));
        var relayedDates = Enumerable.Range(0, again.HeaderCount).Count(i => again.Fields[i].Kind == FieldKind.Date);
        InvariantViolation.Check(relayedDates == (keptDates == 0 && !original.IsInterim ? 1 : keptDates),
            "Date fields: " + keptDates + " kept, " + relayedDates + " relayed");
    }

    /// <summary>What the actor sends the client for this member head: the rewritten head, or nothing.</summary>
    public static byte[] Relay(ReadOnlySpan<byte> input, ReadOnlySpan<int> cuts, HttpMethodKind method, out HeadParseStatus status)
    {
        status = HeadCollector.Collect(input, cuts, out var head, out _);
        if (status != HeadParseStatus.Complete)
            return [];
        var parsed = new ResponseHead();
        status = ResponseHeadParser.Parse(head, method, parsed);
        return status == HeadParseStatus.Complete ? ResponseHeadWriter.Write(parsed, closeClient: false, http10KeepAlive: false).ToArray() : [];
    }

    private static List<(string, string)> Kept(ResponseHead head)
    {
        var kept = new List<(string, string)>();
        for (var i = 0; i < head.HeaderCount; i++)
        {
            ref readonly var field = ref head.Fields[i];
            var switching = head.StatusCode == 101 && field.Kind == FieldKind.Upgrade;
            if (!switching && (field.NamedByConnection || FieldNames.IsHopByHop(field.Kind)))
                continue;
            // RFC 9110 section 8.6, RFC 9112 section 6.1: no framing fields on a 1xx or 204.
            if (field.Kind is FieldKind.ContentLength or FieldKind.TransferEncoding && head.StatusCode is < 200 or 204)
                continue;
            if (field.Kind == FieldKind.TransferEncoding)
            {
                FieldCheck.AddTransferEncoding(kept, head.Fields, i);
                continue;
            }

            // The length of a body that follows goes as a plain number; a 304's or a HEAD response's as it came.
            var value = field.Kind == FieldKind.ContentLength && head.Framing == BodyFraming.ContentLength
                ? FieldCheck.PlainLength(head.HeaderValue(i))
                : FieldCheck.Text(head.HeaderValue(i));
            kept.Add((FieldCheck.Text(head.HeaderName(i)), value));
        }

        return kept;
    }

    private static List<(string, string)> All(ResponseHead head)
    {
        var all = new List<(string, string)>();
        for (var i = 0; i < head.HeaderCount; i++)
            all.Add((FieldCheck.Text(head.HeaderName(i)), FieldCheck.Text(head.HeaderValue(i))));
        return all;
    }
}
