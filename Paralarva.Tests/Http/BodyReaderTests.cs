using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class BodyReaderTests
{
    /// <summary>What follows a body on a keep-alive connection: never part of the body.</summary>
    private const string Next = "GET /next HTTP/1.1\r\n";

    /// <summary>Valid chunked bodies (RFC 9112 section 7.1); each is followed by <see cref="Next"/> when fed.</summary>
    public static TheoryData<string> ValidChunked => new()
    {
        "0\r\n\r\n",
        "5\r\nhello\r\n0\r\n\r\n",
        "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
        "A\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n",
        "0005\r\nhello\r\n000\r\n\r\n",
        "000000000000000a\r\n0123456789\r\n0\r\n\r\n",
        // Chunk-data is opaque: CR and LF inside it are data.
        "5\r\n\r\n\r\n\r\r\n0\r\n\r\n",
        // chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
        "5;a\r\nhello\r\n0\r\n\r\n",
        "5;a=b\r\nhello\r\n0;last\r\n\r\n",
        "5 ; a = b ;c;d=\"\"\r\nhello\r\n0\r\n\r\n",
        "5;name=\"quoted \\\"value\\\" \t\u00e9\"\r\nhello\r\n0\r\n\r\n",
        "5;a=\"x\" ;b\r\nhello\r\n0\r\n\r\n",
        "5\t;\ta\r\nhello\r\n0\r\n\r\n",
        // Trailer section: field lines, then the final CRLF.
        "5\r\nhello\r\n0\r\nX-Sum: 1234\r\n\r\n",
        "0\r\nX-A: 1\r\nX-B:\r\nX-C: caf\u00e9\t x\r\n\r\n",
    };

    /// <summary>Malformed chunked bodies, each with the rule it breaks.</summary>
    public static TheoryData<string, string> InvalidChunked => new()
    {
        { "empty chunk-size", "\r\nhello\r\n0\r\n\r\n" },
        { "non-hex size", "g\r\n" },
        { "negative size", "-5\r\nhello\r\n0\r\n\r\n" },
        { "0x prefix", "0x5\r\nhello\r\n0\r\n\r\n" },
        { "17 hex digits", "00000000000000005\r\nhello\r\n0\r\n\r\n" },
        { "size overflow 16 digits", "ffffffffffffffff\r\n" },
        { "size overflow past long", "8000000000000000\r\n" },
        { "LF-only chunk line", "5\nhello\r\n0\r\n\r\n" },
        { "LF-only last-chunk line", "5\r\nhello\r\n0\n\r\n" },
        { "CR not followed by LF", "5\rhello\r\n0\r\n\r\n" },
        { "space before CRLF", "5 \r\nhello\r\n0\r\n\r\n" },
        { "missing CRLF after data", "5\r\nhelloX\r\n0\r\n\r\n" },
        { "data longer than size", "3\r\nhello\r\n0\r\n\r\n" },
        { "LF only after data", "5\r\nhello\n0\r\n\r\n" },
        { "CR only after data", "5\r\nhello\r0\r\n\r\n" },
        { "ext empty name", "5;\r\nhello\r\n0\r\n\r\n" },
        { "ext name not a token", "5;a@b\r\nhello\r\n0\r\n\r\n" },
        { "ext empty value", "5;a=\r\nhello\r\n0\r\n\r\n" },
        { "ext space inside name", "5;a b\r\nhello\r\n0\r\n\r\n" },
        { "ext space inside value", "5;a=b c\r\nhello\r\n0\r\n\r\n" },
        { "ext space before CRLF", "5;a=b \r\nhello\r\n0\r\n\r\n" },
        { "ext unterminated quote", "5;a=\"x\r\nhello\r\n0\r\n\r\n" },
        { "ext CTL in quote", "5;a=\"\u0001\"\r\nhello\r\n0\r\n\r\n" },
        { "ext LF in quote", "5;a=\"\n\"\r\nhello\r\n0\r\n\r\n" },
        { "ext text after quote", "5;a=\"x\"y\r\nhello\r\n0\r\n\r\n" },
        { "ext NUL", "5;a\0\r\nhello\r\n0\r\n\r\n" },
        { "trailer obs-fold", "0\r\nX: a\r\n b\r\n\r\n" },
        { "trailer space before colon", "0\r\nX : a\r\n\r\n" },
        { "trailer empty name", "0\r\n: a\r\n\r\n" },
        { "trailer no colon", "0\r\nX\r\n\r\n" },
        { "trailer NUL", "0\r\nX: \0\r\n\r\n" },
        { "trailer bare LF", "0\r\nX: a\n\r\n" },
        { "trailer bare CR", "0\r\nX: a\rb\r\n\r\n" },
        { "final LF only", "0\r\n\n" },
        { "final CR then junk", "0\r\n\rX" },
    };

    [Theory]
    [MemberData(nameof(ValidChunked))]
    public void Advance_ValidChunkedInAnySplit_CompleteAtBodyEnd(string body)
    {
        var data = HttpBytes.Of(body + Next);
        foreach (var cuts in HttpBytes.AllSplits(data.Length))
        {
            var (status, consumed) = Feed(BodyFraming.Chunked, -1, data, cuts);
            Assert.Equal(BodyStatus.Complete, status);
            Assert.Equal(body.Length, consumed);
        }
    }

    [Theory]
    [MemberData(nameof(ValidChunked))]
    public void Advance_ChunkedCutShort_NeedMoreAndNotCompleteOnClose(string body)
    {
        var data = HttpBytes.Of(body);
        var reader = new BodyReader();
        reader.Reset(BodyFraming.Chunked, -1);
        Assert.Equal(BodyStatus.NeedMore, reader.Advance(data.AsSpan(0, data.Length - 1), out var consumed));
        Assert.Equal(data.Length - 1, consumed);
        Assert.False(reader.CompleteOnClose());
        Assert.Equal(BodyStatus.Complete, reader.Advance(data.AsSpan(data.Length - 1), out consumed));
        Assert.Equal(1, consumed);
        Assert.True(reader.CompleteOnClose());
    }

    [Theory]
    [MemberData(nameof(InvalidChunked))]
    public void Advance_InvalidChunkedInAnySplit_Invalid(string rule, string body)
    {
        var data = HttpBytes.Of(body);
        foreach (var cuts in HttpBytes.AllSplits(data.Length))
            Assert.True(BodyStatus.Invalid == Feed(BodyFraming.Chunked, -1, data, cuts).Status, rule);
    }

    [Fact]
    public void Advance_TrailersOverLimit_Invalid()
    {
        var line = "X-T: " + new string('t', 1000) + "\r\n";
        var within = "0\r\n" + string.Concat(Enumerable.Repeat(line, 16)) + "\r\n";
        var over = "0\r\n" + string.Concat(Enumerable.Repeat(line, 17)) + "\r\n";
        var data = HttpBytes.Of(within);
        Assert.Equal((BodyStatus.Complete, data.Length), Feed(BodyFraming.Chunked, -1, data, [data.Length]));
        data = HttpBytes.Of(over);
        Assert.Equal(BodyStatus.Invalid, Feed(BodyFraming.Chunked, -1, data, [data.Length]).Status);
        Assert.Equal(BodyStatus.Invalid, Feed(BodyFraming.Chunked, -1, data, HttpBytes.RandomCuts(data.Length, new Random(7))).Status);
    }

    [Fact]
    public void Advance_LargeChunk_CountedWithoutOverflow()
    {
        var reader = new BodyReader();
        reader.Reset(BodyFraming.Chunked, -1);
        Assert.Equal(BodyStatus.NeedMore, reader.Advance(HttpBytes.Of("7fffffffffffffff\r\n"), out _));
        var block = new byte[65536];
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(BodyStatus.NeedMore, reader.Advance(block, out var consumed));
            Assert.Equal(block.Length, consumed);
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1)]
    [InlineData(37)]
    public void Advance_ContentLengthInAnySplit_CompleteAtLength(int length)
    {
        var data = HttpBytes.Of(new string('b', length) + Next);
        foreach (var cuts in HttpBytes.AllSplits(data.Length))
            Assert.Equal((BodyStatus.Complete, length), Feed(BodyFraming.ContentLength, length, data, cuts));
    }

    [Fact]
    public void Advance_ContentLengthZero_CompleteConsumingNothing()
    {
        var reader = new BodyReader();
        reader.Reset(BodyFraming.ContentLength, 0);
        Assert.True(reader.CompleteOnClose());
        Assert.Equal(BodyStatus.Complete, reader.Advance(HttpBytes.Of(Next), out var consumed));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Advance_None_CompleteConsumingNothing()
    {
        var reader = new BodyReader();
        reader.Reset(BodyFraming.None, -1);
        Assert.Equal(BodyStatus.Complete, reader.Advance(HttpBytes.Of(Next), out var consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(BodyStatus.Complete, reader.Advance(default, out consumed));
        Assert.True(reader.CompleteOnClose());
    }

    [Fact]
    public void Advance_UntilClose_ConsumesEverythingAndEndsOnClose()
    {
        var reader = new BodyReader();
        reader.Reset(BodyFraming.UntilClose, -1);
        Assert.False(reader.IsComplete);
        Assert.Equal(BodyStatus.NeedMore, reader.Advance(HttpBytes.Of("0\r\n\r\n" + Next), out var consumed));
        Assert.Equal(5 + Next.Length, consumed);
        Assert.Equal(BodyStatus.NeedMore, reader.Advance(default, out consumed));
        Assert.Equal(0, consumed);
        Assert.True(reader.CompleteOnClose());
    }

    [Fact]
    public void CompleteOnClose_MidContentLength_False()
    {
        var reader = new BodyReader();
        reader.Reset(BodyFraming.ContentLength, 10);
        reader.Advance(HttpBytes.Of("12345"), out _);
        Assert.False(reader.CompleteOnClose());
        reader.Advance(HttpBytes.Of("67890"), out _);
        Assert.True(reader.CompleteOnClose());
    }

    [Fact]
    public void Reset_AfterInvalidChunked_StartsClean()
    {
        var reader = new BodyReader();
        reader.Reset(BodyFraming.Chunked, -1);
        Assert.Equal(BodyStatus.Invalid, reader.Advance(HttpBytes.Of("zz\r\n"), out _));
        Assert.Equal(BodyStatus.Invalid, reader.Advance(HttpBytes.Of("0\r\n\r\n"), out _));
        reader.Reset(BodyFraming.Chunked, -1);
        Assert.Equal(BodyStatus.Complete, reader.Advance(HttpBytes.Of("0\r\n\r\n"), out var consumed));
        Assert.Equal(5, consumed);
        Assert.Equal(BodyStatus.Complete, reader.Advance(HttpBytes.Of(Next), out consumed));
        Assert.Equal(0, consumed);
    }

    [Fact]
    public void Advance_Chunked_DoesNotAllocate()
    {
        var data = HttpBytes.Of("5;a=\"b\"\r\nhello\r\n10\r\n0123456789abcdef\r\n0\r\nX: y\r\n\r\n");
        var reader = new BodyReader();
        reader.Reset(BodyFraming.Chunked, -1);
        reader.Advance(data, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            reader.Reset(BodyFraming.Chunked, -1);
            for (var j = 0; j < data.Length; j++)
                reader.Advance(data.AsSpan(j, 1), out _);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>Feeds the pieces the cuts make until the body ends; NeedMore must consume the whole piece.</summary>
    private static (BodyStatus Status, int Consumed) Feed(BodyFraming framing, long contentLength, byte[] data, List<int> cuts)
    {
        var reader = new BodyReader();
        reader.Reset(framing, contentLength);
        var total = 0;
        var start = 0;
        foreach (var cut in cuts)
        {
            var status = reader.Advance(data.AsSpan(start, cut - start), out var consumed);
            total += consumed;
            if (status != BodyStatus.NeedMore)
                return (status, total);
            Assert.Equal(cut - start, consumed);
            start = cut;
        }

        return (BodyStatus.NeedMore, total);
    }
}
