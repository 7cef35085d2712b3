using System.Text;
using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

/// <summary>
/// A head's table holds pooled arrays only while its message is handled: released between requests, rented again by
/// the next head, which must see nothing of the previous one (the pool hands back the same arrays, unclean).
/// </summary>
public sealed class FieldTableTests
{
    [Fact]
    public void Released_HoldsNothing()
    {
        var head = Parsed("GET /a HTTP/1.1\r\nHost: one.example\r\nConnection: x-secret, keep-alive\r\nX-Secret: 1\r\n\r\n");

        head.Fields.Release();

        Assert.Equal(0, head.Fields.Length);
        Assert.Equal(0, head.Fields.Count);
        Assert.True(head.Fields.Bytes.IsEmpty);
    }

    [Fact]
    public void ReloadedAfterRelease_SeesOnlyTheNewHead()
    {
        var head = Parsed("GET /a HTTP/1.1\r\nHost: one.example\r\nConnection: x-secret\r\nX-Secret: 1\r\nX-Other: 2\r\n\r\n");
        Assert.Contains(Enumerable.Range(0, head.HeaderCount), i => head.Fields[i].NamedByConnection);
        head.Fields.Release();

        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(Encoding.ASCII.GetBytes("GET /b HTTP/1.1\r\nHost: two.example\r\nX-Secret: 3\r\n\r\n"), head));

        Assert.Equal("/b", Encoding.ASCII.GetString(head.Target));
        Assert.Equal("two.example", Encoding.ASCII.GetString(head.RouteHost));
        Assert.Equal(2, head.HeaderCount);
        Assert.Equal("3", Encoding.ASCII.GetString(head.HeaderValue(1)));
        // The same slot had been named by Connection in the previous head; nothing names it now.
        Assert.All(Enumerable.Range(0, head.HeaderCount), i => Assert.False(head.Fields[i].NamedByConnection));
    }

    [Fact]
    public void HeadLargerThanTheFirst_GrowsBothArrays_KeepingTheFieldsAlreadyIndexed()
    {
        var head = Parsed("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var lines = string.Concat(Enumerable.Range(0, 40).Select(i => $"X-Field-{i}: {new string('v', 20)}\r\n"));

        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(Encoding.ASCII.GetBytes($"GET /big HTTP/1.1\r\nHost: b\r\n{lines}\r\n"), head));

        Assert.Equal(41, head.HeaderCount);
        Assert.Equal("b", Encoding.ASCII.GetString(head.HeaderValue(0)));
        Assert.Equal("X-Field-39", Encoding.ASCII.GetString(head.HeaderName(40)));
    }

    private static RequestHead Parsed(string text)
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(Encoding.ASCII.GetBytes(text), head));
        return head;
    }
}
