using Paralarva.Actors.Http;

namespace Paralarva.Fuzz;

/// <summary>
/// The request head path of the RequestActor: <see cref="Actors.Listener.HeadBuffer"/>, <see cref="RequestHeadParser"/>
/// and <see cref="RequestHeadWriter"/>. Invariants: the decision and the forwarded bytes do not depend on how the input
/// was split; a rejected or incomplete head forwards nothing; an accepted head is forwarded as a head that parses
/// again to the same method, target, route, framing and end-to-end fields, with no hop-by-hop field.
/// </summary>
internal static class RequestHeadTarget
{
    private static readonly string[] Added = ["Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"];

    public static void Run(ReadOnlySpan<byte> input)
    {
        var whole = Forward(input, [], out var wholeStatus);
        var split = Forward(input, HeadCollector.Cuts(input), out var splitStatus);
        InvariantViolation.Check(wholeStatus == splitStatus, "decision " + wholeStatus + " whole but " + splitStatus + " split");
        InvariantViolation.Check(whole.AsSpan().SequenceEqual(split), "forwarded bytes differ whole and split");
        if (wholeStatus != HeadParseStatus.Complete)
            return;

        // The original again, to compare with what its forwarded head parses to.
        HeadCollector.Collect(input, [], out var headBytes, out _);
        var original = new RequestHead();
        RequestHeadParser.Parse(headBytes, original);
        var again = new RequestHead { MaxHeaderCount = original.HeaderCount + 8 };
        var status = RequestHeadParser.Parse(whole, again);
        InvariantViolation.Check(status == HeadParseStatus.Complete, "the forwarded head does not parse: " + status + "\n" + FieldCheck.Text(whole));
        InvariantViolation.Check(original.MethodBytes.SequenceEqual(again.MethodBytes), "method changed");
        InvariantViolation.Check(original.Method == again.Method, "method kind changed");
        InvariantViolation.Check(again.IsHttp11, "forwarded as HTTP/1.0");
        InvariantViolation.Check(original.Framing == again.Framing && original.ContentLength == again.ContentLength,
            "framing changed: " + original.Framing + "/" + original.ContentLength + " to " + again.Framing + "/" + again.ContentLength);
        InvariantViolation.Check(original.RouteHost.SequenceEqual(again.RouteHost),
            "route host changed: " + FieldCheck.Text(original.RouteHost) + " to " + FieldCheck.Text(again.RouteHost));
        if (original.Form != TargetForm.Absolute)
            InvariantViolation.Check(original.Target.SequenceEqual(again.Target), "target changed");
        else
            InvariantViolation.Check(again.Form != TargetForm.Absolute, "absolute-form forwarded to a member");

        for (var i = 0; i < again.HeaderCount; i++)
            InvariantViolation.Check(!FieldNames.IsHopByHop(again.Fields[i].Kind), "hop-by-hop field forwarded: " + FieldCheck.Text(again.HeaderName(i)));
        FieldCheck.SameFields(Kept(original), All(again), Added, "request");
    }

    /// <summary>What the actor sends the member for this input: the rewritten head, or nothing.</summary>
    public static byte[] Forward(ReadOnlySpan<byte> input, ReadOnlySpan<int> cuts, out HeadParseStatus status)
    {
        status = HeadCollector.Collect(input, cuts, out var head, out _);
        if (status != HeadParseStatus.Complete)
            return [];
        var parsed = new RequestHead();
        status = RequestHeadParser.Parse(head, parsed);
        return status == HeadParseStatus.Complete ? RequestHeadWriter.Write(parsed, "127.0.0.1"u8).ToArray() : [];
    }

    /// <summary>The received fields a member must see unchanged: end-to-end ones the proxy does not own.</summary>
    private static List<(string, string)> Kept(RequestHead head)
    {
        var kept = new List<(string, string)>();
        for (var i = 0; i < head.HeaderCount; i++)
        {
            ref readonly var field = ref head.Fields[i];
            if (field.NamedByConnection || FieldNames.IsHopByHop(field.Kind)
                || field.Kind is FieldKind.Host or FieldKind.XForwardedFor or FieldKind.XForwardedProto or FieldKind.XForwardedHost
                || (field.Kind == FieldKind.Expect && !head.IsHttp11))
                continue;
            // RFC 9110 section 7.6.2: a TRACE or OPTIONS goes on with one hop less.
            if (field.Kind == FieldKind.MaxForwards && head.MaxForwards > 0)
            {
                kept.Add((FieldCheck.Text(head.HeaderName(i)), (head.MaxForwards - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }

            if (field.Kind == FieldKind.TransferEncoding)
            {
                FieldCheck.AddTransferEncoding(kept, head.Fields, i);
                continue;
            }

            var value = field.Kind == FieldKind.ContentLength ? FieldCheck.PlainLength(head.HeaderValue(i)) : FieldCheck.Text(head.HeaderValue(i));
            kept.Add((FieldCheck.Text(head.HeaderName(i)), value));
        }

        return kept;
    }

    private static List<(string, string)> All(RequestHead head)
    {
        var all = new List<(string, string)>();
        for (var i = 0; i < head.HeaderCount; i++)
            all.Add((FieldCheck.Text(head.HeaderName(i)), FieldCheck.Text(head.HeaderValue(i))));
        return all;
    }
}
