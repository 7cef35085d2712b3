using System.Diagnostics;
using System.Text;
using Akka.IO;
using Paralarva.Actors.Http;
using Paralarva.Actors.Listener;

namespace Paralarva.Tests.Http;

/// <summary>
/// Randomised robustness of the request path's parsing, with fixed seeds (a failure names its seed and index and
/// replays): many thousands of generated and mutated heads go through <see cref="HeadBuffer"/> and
/// <see cref="RequestHeadParser"/> exactly as ReadingHead drives them. Nothing throws; every input ends in a valid
/// request or a 4xx decision (400, 431, or waiting for more, which ends in 408); the decision does not depend on
/// how the bytes were split; and every valid request is forwarded as a head that parses again, frames and routes
/// the same, and carries no hop-by-hop field (RFC 9110 section 7.6.1, RFC 9112 sections 2.2, 5 and 6).
/// </summary>
public sealed class RequestHeadFuzzTests
{
    private const int InputsPerSeed = 20_000;
    private const int BodiesPerSeed = 5_000;

    /// <summary>The time bound only protects a stuck run: below this many inputs a run proves too little and fails.</summary>
    private const int MinimumInputs = 2_000;
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(20);

    private enum Decision { Valid, Await408, Reject400, Reject431 }

    [Theory]
    [InlineData(1, 16 * 1024)]
    [InlineData(2, 16 * 1024)]
    [InlineData(3, 300)]
    public void MutatedHeads_NoExceptionAndEveryInputDecided(int seed, int maxHeadBytes)
    {
        var mutator = new HeadMutator(seed);
        var whole = new RequestHead { MaxHeaderCount = 5 };
        var pieces = new RequestHead { MaxHeaderCount = 5 };
        var counts = new int[4];
        var clock = Stopwatch.StartNew();
        var ran = 0;
        for (var i = 0; i < InputsPerSeed && clock.Elapsed < TimeBound; i++, ran++)
        {
            var input = mutator.Next();
            var where = "seed " + seed + " input " + i + ": " + HttpBytes.Text(input).Replace("\r", "\\r").Replace("\n", "\\n");
            try
            {
                var decision = Decide(input, [input.Length], maxHeadBytes, whole, out var headText);
                var cuts = HttpBytes.RandomCuts(input.Length, new Random(seed * 1_000_003 + i));
                var split = Decide(input, cuts, maxHeadBytes, pieces, out var splitHeadText);
                Assert.True(decision == split, where + ": " + decision + " whole, " + split + " in pieces");
                Assert.Equal(headText, splitHeadText);
                counts[(int)decision]++;
                if (decision == Decision.Valid)
                    AssertForwardedHeadIsSound(whole, where);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail(where + ": " + e);
            }
        }

        Assert.True(ran >= MinimumInputs, "only " + ran + " inputs within " + TimeBound.TotalSeconds + " s");
        // The generator must exercise both outcomes, or the test proves little.
        Assert.True(counts[(int)Decision.Valid] > 100, "too few valid inputs: " + string.Join(",", counts));
        Assert.True(counts[(int)Decision.Reject400] > 100, "too few invalid inputs: " + string.Join(",", counts));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void MutatedChunkedBodies_SameAnswerWhateverTheSplit(int seed)
    {
        // RFC 9112 section 7.1: the chunked scanner keeps only a state between calls, so any split gives the same answer.
        var random = new Random(seed);
        var whole = new BodyReader();
        var pieces = new BodyReader();
        var clock = Stopwatch.StartNew();
        var ran = 0;
        var outcomes = new int[3];
        for (var i = 0; i < BodiesPerSeed && clock.Elapsed < TimeBound; i++, ran++)
        {
            var body = MutatedChunkedBody(random);
            whole.Reset(BodyFraming.Chunked, -1);
            var status = whole.Advance(body, out var consumed);
            pieces.Reset(BodyFraming.Chunked, -1);
            var (splitStatus, splitConsumed) = AdvanceInPieces(pieces, body, HttpBytes.RandomCuts(body.Length, random));
            var where = "seed " + seed + " body " + i + ": " + HttpBytes.Text(body).Replace("\r", "\\r").Replace("\n", "\\n");
            Assert.True(status == splitStatus, where + ": " + status + " whole, " + splitStatus + " in pieces");
            if (status != BodyStatus.Invalid)
                Assert.True(consumed == splitConsumed, where);
            if (status == BodyStatus.Complete)
                Assert.Equal(whole.BodyBytes, pieces.BodyBytes);
            outcomes[(int)status]++;
        }

        Assert.True(ran >= MinimumInputs, "only " + ran + " bodies within " + TimeBound.TotalSeconds + " s");
        // Complete, invalid and unfinished bodies each in numbers, or the split comparison covers one path only.
        Assert.All(outcomes, n => Assert.True(n >= 10, "outcomes (by BodyStatus): " + string.Join(",", outcomes)));
    }

    private static Decision Decide(byte[] input, List<int> cuts, int maxHeadBytes, RequestHead into, out string head)
    {
        head = string.Empty;
        var buffer = new HeadBuffer(maxHeadBytes);
        try
        {
            var start = 0;
            foreach (var cut in cuts)
            {
                var status = buffer.Add(ByteString.FromBytes(input, start, cut - start), out var found, out _);
                start = cut;
                if (status == HeadParseStatus.TooLarge)
                    return Decision.Reject431;
                if (status == HeadParseStatus.Incomplete)
                    continue;
                head = HttpBytes.Text(found);
                return RequestHeadParser.Parse(found, into) switch
                {
                    HeadParseStatus.Complete => Decision.Valid,
                    HeadParseStatus.TooLarge => Decision.Reject431,
                    _ => Decision.Reject400,
                };
            }

            return Decision.Await408;
        }
        finally
        {
            buffer.Release();
        }
    }

    private static void AssertForwardedHeadIsSound(RequestHead received, string where)
    {
        foreach (var tunnel in new[] { false, true })
        {
            var written = RequestHeadWriter.Write(received, "10.0.0.9"u8, tunnel).ToArray();
            var forwarded = new RequestHead { MaxHeaderCount = 1000 };
            var status = RequestHeadParser.Parse(written, forwarded);
            Assert.True(status == HeadParseStatus.Complete, where + "\nforwarded as an invalid head: " + HttpBytes.Text(written));
            Assert.True(forwarded.IsHttp11, where);
            Assert.True(received.MethodBytes.SequenceEqual(forwarded.MethodBytes), where);
            Assert.True(received.Framing == forwarded.Framing && received.ContentLength == forwarded.ContentLength, where + "\nframing changed: " + HttpBytes.Text(written));
            Assert.True(received.RouteHost.SequenceEqual(forwarded.RouteHost), where + "\nroute changed: " + HttpBytes.Text(written));
            Assert.True(forwarded.KeepAlive, where);
            var upgradeKept = tunnel && received.UpgradeRequested;
            for (var f = 0; f < forwarded.HeaderCount; f++)
            {
                var name = forwarded.HeaderName(f);
                var kind = FieldNames.Classify(name);
                var allowed = upgradeKept && (kind == FieldKind.Upgrade
                    || (kind == FieldKind.Connection && forwarded.HeaderValue(f).SequenceEqual("upgrade"u8)));
                Assert.True(allowed || !FieldNames.IsHopByHop(kind), where + "\nhop-by-hop field forwarded: " + HttpBytes.Text(written));
            }
        }
    }

    private static byte[] MutatedChunkedBody(Random random)
    {
        var sb = new StringBuilder();
        var chunks = random.Next(4);
        for (var c = 0; c < chunks; c++)
        {
            var size = 1 + random.Next(20);
            sb.Append(size.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            if (random.Next(4) == 0)
                sb.Append(random.Next(2) == 0 ? ";name=value" : " ; q=\"a b\"");
            sb.Append("\r\n").Append(new string('d', size)).Append("\r\n");
        }

        sb.Append("0\r\n");
        if (random.Next(4) == 0)
            sb.Append("X-Trailer: v\r\n");
        sb.Append("\r\n");
        var bytes = Encoding.Latin1.GetBytes(sb.ToString());
        if (random.Next(3) != 0)
            bytes[random.Next(bytes.Length)] = "\r\n;= \t\"0aZ\0"u8[random.Next(11)];
        return bytes;
    }

    private static (BodyStatus Status, int Consumed) AdvanceInPieces(BodyReader reader, byte[] body, List<int> cuts)
    {
        var start = 0;
        var consumed = 0;
        var status = BodyStatus.NeedMore;
        foreach (var cut in cuts)
        {
            status = reader.Advance(body.AsSpan(start, cut - start), out var used);
            consumed += used;
            start = cut;
            if (status != BodyStatus.NeedMore)
                break;
        }

        return (status, consumed);
    }
}
