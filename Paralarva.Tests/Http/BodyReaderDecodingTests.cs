using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

/// <summary><see cref="BodyReader.AdvanceDecoding"/>: the chunk-data of a chunked body without its framing, in any split.</summary>
public sealed class BodyReaderDecodingTests
{
    private const string Next = "GET /next HTTP/1.1\r\n";

    [Theory]
    [InlineData("0\r\n\r\n", "")]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "hello")]
    [InlineData("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world")]
    [InlineData("5;a=\"x\"\r\n\r\n0\r\n\r\n1\r\n0\r\n0;last\r\n\r\n", "\r\n0\r\n0")]
    [InlineData("3\r\nabc\r\n0\r\nX-Sum: 1\r\nX-B:\r\n\r\n", "abc")]
    public void AdvanceDecoding_ChunkedInAnySplit_PayloadOnlyThenComplete(string body, string payload)
    {
        var data = HttpBytes.Of(body + Next);
        foreach (var cuts in HttpBytes.AllSplits(data.Length))
        {
            var (status, consumed, decoded) = Feed(BodyFraming.Chunked, -1, data, cuts);
            Assert.Equal(BodyStatus.Complete, status);
            Assert.Equal(body.Length, consumed);
            Assert.Equal(payload, decoded);
        }
    }

    [Fact]
    public void AdvanceDecoding_BadChunkSize_Invalid()
    {
        var data = HttpBytes.Of("5\r\nhello\r\nzz\r\n");
        foreach (var cuts in HttpBytes.AllSplits(data.Length))
            Assert.Equal(BodyStatus.Invalid, Feed(BodyFraming.Chunked, -1, data, cuts).Status);
    }

    [Fact]
    public void AdvanceDecoding_ContentLength_EverythingIsPayload()
    {
        var data = HttpBytes.Of("hello" + Next);
        Assert.Equal((BodyStatus.Complete, 5, "hello"), Feed(BodyFraming.ContentLength, 5, data, [2, data.Length]));
    }

    /// <summary>Feeds each piece as a connection would, calling again on what is left of it, and joins the payload runs.</summary>
    private static (BodyStatus Status, int Consumed, string Payload) Feed(BodyFraming framing, long contentLength, byte[] data, List<int> cuts)
    {
        var reader = new BodyReader();
        reader.Reset(framing, contentLength);
        var payload = new List<byte>();
        var total = 0;
        var start = 0;
        foreach (var cut in cuts)
        {
            var offset = start;
            var status = BodyStatus.NeedMore;
            while (offset < cut && status == BodyStatus.NeedMore)
            {
                status = reader.AdvanceDecoding(data.AsSpan(offset, cut - offset), out var consumed, out var length);
                Assert.InRange(length, 0, consumed);
                payload.AddRange(data.AsSpan(offset + consumed - length, length).ToArray());
                Assert.True(consumed > 0 || status != BodyStatus.NeedMore, "no progress");
                offset += consumed;
            }

            total += offset - start;
            if (status != BodyStatus.NeedMore)
                return (status, total, HttpBytes.Text(payload.ToArray()));
            start = cut;
        }

        return (BodyStatus.NeedMore, total, HttpBytes.Text(payload.ToArray()));
    }
}
