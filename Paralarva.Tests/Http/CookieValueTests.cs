using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

public sealed class CookieValueTests
{
    [Theory]
    [InlineData("pl=abc", "abc")]
    [InlineData("a=1; pl=abc; b=2", "abc")]
    [InlineData("a=1;pl=abc", "abc")]
    [InlineData("a=1;  pl = abc ;b=2", "abc")]
    [InlineData("pl=\"abc\"", "abc")]
    [InlineData("pl=", "")]
    [InlineData("xpl=1; pl=2", "2")]
    [InlineData("pl=1; pl=2", "1")]
    public void TryFind_Present_Value(string field, string expected)
    {
        Assert.True(CookieValue.TryFind(HttpBytes.Of(field), "pl"u8, out var value));
        Assert.Equal(expected, HttpBytes.Text(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=1; b=2")]
    [InlineData("PL=1")]
    [InlineData("pl")]
    [InlineData("plx=1")]
    public void TryFind_Absent_False(string field)
    {
        Assert.False(CookieValue.TryFind(HttpBytes.Of(field), "pl"u8, out _));
    }

    [Theory]
    [InlineData("00000000000000ff", 0xffUL)]
    [InlineData("FEDCBA9876543210", 0xfedcba9876543210UL)]
    public void TryParseId_SixteenHexDigits_Parsed(string text, ulong expected)
    {
        Assert.True(CookieValue.TryParseId(HttpBytes.Of(text), out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ff")]
    [InlineData("0000000000000000")]
    [InlineData("00000000000000fg")]
    [InlineData("+000000000000000")]
    [InlineData("00000000000000ff0")]
    public void TryParseId_Malformed_False(string text)
    {
        Assert.False(CookieValue.TryParseId(HttpBytes.Of(text), out _));
    }

    [Fact]
    public void AffinityCookie_WrittenByResponseHeadWriter_AndParsedBack()
    {
        var head = new ResponseHead();
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(HttpBytes.Of("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), HttpMethodKind.Get, head));

        var written = HttpBytes.Text(ResponseHeadWriter.Write(head, closeClient: false, http10KeepAlive: false,
            cookie: new AffinityCookie(AffinityCookie.Prefix("pl"), 0x0123456789abcdefUL)).ToArray());

        Assert.Equal("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nSet-Cookie: pl=0123456789abcdef; Path=/; HttpOnly\r\n\r\n", AddedDate.Without(written));
        Assert.True(CookieValue.TryFind(HttpBytes.Of("pl=0123456789abcdef"), "pl"u8, out var value));
        Assert.True(CookieValue.TryParseId(value, out var id));
        Assert.Equal(0x0123456789abcdefUL, id);
    }

    [Fact]
    public void AffinityCookie_Default_AddsNothing()
    {
        var head = new ResponseHead();
        ResponseHeadParser.Parse(HttpBytes.Of("HTTP/1.1 204 No Content\r\n\r\n"), HttpMethodKind.Get, head);

        Assert.Equal("HTTP/1.1 204 No Content\r\n\r\n", AddedDate.Without(HttpBytes.Text(ResponseHeadWriter.Write(head, false, false).ToArray())));
    }
}
