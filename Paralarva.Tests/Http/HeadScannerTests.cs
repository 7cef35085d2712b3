using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class HeadScannerTests
{
    /// <summary>Input, and the head length expected (-1: not ended yet).</summary>
    public static TheoryData<string, int> Heads => new()
    {
        { "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27 },
        { "GET / HTTP/1.1\r\nHost: a\r\n\r\nBODY", 27 },
        { "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\n\r\n", 27 },
        // RFC 9112 section 2.2: bare LF line endings may be accepted, alone or mixed with CRLF.
        { "GET / HTTP/1.1\nHost: a\n\n", 24 },
        { "GET / HTTP/1.1\r\nHost: a\n\r\n", 26 },
        { "GET / HTTP/1.1\nHost: a\r\n\n", 25 },
        { "HTTP/1.1 200 OK\r\n\r\n", 19 },
        { "GET / HTTP/1.0\r\n\r\n", 18 },
        // RFC 9112 section 2.2: leading empty lines are skipped, not an end of head.
        { "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", 31 },
        { "\n\n\nGET / HTTP/1.1\nHost: a\n\n", 27 },
        { "\r\n\nGET / HTTP/1.1\r\n\r\n", 21 },
        { "\r\n\r\n", -1 },
        { "\n\n\n\n", -1 },
        { "", -1 },
        { "GET / HTTP/1.1\r\nHost: a\r\n", -1 },
        { "GET / HTTP/1.1\r\nHost: a\r\n\r", -1 },
        { "GET / HTTP/1.1", -1 },
        // A line made of a bare CR is not empty: the parser rejects the bare CR later.
        { "GET / HTTP/1.1\r\n\r\r\n", -1 },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void FindHeadEnd_Whole_ReturnsHeadLength(string input, int expected) =>
        Assert.Equal(expected, HeadScanner.FindHeadEnd(HttpBytes.Of(input), 0));

    [Theory]
    [MemberData(nameof(Heads))]
    public void FindHeadEnd_AnySplit_SameAsWhole(string input, int expected)
    {
        var data = HttpBytes.Of(input);
        foreach (var cuts in HttpBytes.AllSplits(data.Length))
            Assert.Equal(expected, HttpBytes.ScanInPieces(data, cuts));
    }

    [Fact]
    public void FindHeadEnd_ScanFromPastStart_StillSeesLeadingEmptyLines()
    {
        var data = HttpBytes.Of("\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        Assert.Equal(-1, HeadScanner.FindHeadEnd(data.AsSpan(0, 6), 0));
        Assert.Equal(data.Length, HeadScanner.FindHeadEnd(data, 3));
    }

    [Fact]
    public void FindHeadEnd_LargeHeadOneByteAtATime_FoundAtTheLastByte()
    {
        // 200 000 leading empty lines and a long field, fed byte by byte as HeadBuffer does. How fast this runs is
        // bench/'s concern; that each call scans only the new bytes is FindHeadEnd_ScanFrom_DoesNotRescanEarlierBytes.
        var text = string.Concat(Enumerable.Repeat("\r\n", 100_000)) + "GET / HTTP/1.1\r\nX: " + new string('a', 200_000) + "\r\n\r\n";
        var data = HttpBytes.Of(text);
        var found = -1;
        var length = 0;
        while (found < 0 && length < data.Length)
        {
            length++;
            found = HeadScanner.FindHeadEnd(data.AsSpan(0, length), Math.Max(0, length - 1 - 3));
        }

        Assert.Equal(data.Length, found);
        Assert.Equal(data.Length, length);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\n\n")]
    [InlineData("GET / HTTP/1.1\r\nA: b\r\n\r\n")]
    public void FindHeadEnd_ScanFrom_DoesNotRescanEarlierBytes(string head)
    {
        // Linear work without a clock: a scan resumed at scanFrom looks at most four bytes back. A complete head
        // wholly before that window, followed by more bytes, is not seen; a scan that restarted from the start (the
        // quadratic way to feed a head byte by byte) would report it.
        var data = HttpBytes.Of(head + "more bytes of a request that has not ended");
        var scanFrom = head.Length + 4;

        Assert.Equal(head.Length, HeadScanner.FindHeadEnd(data, 0));
        Assert.Equal(-1, HeadScanner.FindHeadEnd(data, scanFrom));
        // The window is exactly the caller's contract (previous length - 3): resuming 3 bytes before a head's last byte finds it.
        Assert.Equal(head.Length, HeadScanner.FindHeadEnd(data.AsSpan(0, head.Length), head.Length - 1 - 3));
    }
}
