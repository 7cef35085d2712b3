using Paralarva.Actors.Config;
using Paralarva.Actors.Http;

namespace Paralarva.Tests.Http;

/// <summary><c>strip_path_prefix</c> and header rules as the head writers apply them, byte for byte.</summary>
public sealed class HeaderRulesWritingTests
{
    private const string Forwarded = "X-Forwarded-For: 10.0.0.9\r\nX-Forwarded-Proto: http\r\n";

    private static readonly HeaderRules RequestRules = new(
        [new("X-Env", "prod"), new("X-Forwarded-Proto", "https")],
        [new("Via-Zone", "a"), new("X-Env", "extra")],
        ["X-Debug"]);

    [Theory]
    [InlineData("GET /api/x?q=1 HTTP/1.1\r\nHost: a\r\n\r\n", 4, "GET /x?q=1 HTTP/1.1\r\n")]
    [InlineData("GET /api HTTP/1.1\r\nHost: a\r\n\r\n", 4, "GET / HTTP/1.1\r\n")]
    [InlineData("GET /api?q=/api HTTP/1.1\r\nHost: a\r\n\r\n", 4, "GET /?q=/api HTTP/1.1\r\n")]
    [InlineData("GET /api/ HTTP/1.1\r\nHost: a\r\n\r\n", 4, "GET / HTTP/1.1\r\n")]
    [InlineData("GET /v2/api/a/b HTTP/1.1\r\nHost: a\r\n\r\n", 7, "GET /a/b HTTP/1.1\r\n")]
    [InlineData("GET http://a/api/x?q HTTP/1.1\r\nHost: a\r\n\r\n", 4, "GET /x?q HTTP/1.1\r\n")]
    [InlineData("GET /api/x HTTP/1.1\r\nHost: a\r\n\r\n", 0, "GET /api/x HTTP/1.1\r\n")]
    [InlineData("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", 0, "OPTIONS * HTTP/1.1\r\n")]
    public void Write_StripPrefix_TargetWithoutIt(string received, int strip, string requestLine)
    {
        var head = Parse(received);

        var written = HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8, stripPrefix: strip).ToArray());

        Assert.StartsWith(requestLine, written, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RequestRules_SetReplacesAllAppendAddsRemoveRemovesAll()
    {
        var head = Parse("GET / HTTP/1.1\r\nHost: a\r\nx-env: dev\r\nX-Debug: 1\r\nAccept: */*\r\nX-ENV: test\r\nx-debug: 2\r\n\r\n");

        var written = HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8, rules: RequestRules).ToArray());

        // The proxy's X-Forwarded-Proto is replaced by the rule's; the rules' lines follow the proxy's fields.
        Assert.Equal(
            "GET / HTTP/1.1\r\nHost: a\r\nAccept: */*\r\nX-Forwarded-For: 10.0.0.9\r\nX-Forwarded-Host: a\r\n"
                + "X-Env: prod\r\nX-Forwarded-Proto: https\r\nVia-Zone: a\r\nX-Env: extra\r\n\r\n",
            written);
    }

    [Fact]
    public void Write_RequestRulesOnProxyFields_ViaAndForwardedRemovedOrReplaced()
    {
        var rules = new HeaderRules([new("X-Forwarded-For", "192.0.2.1")], [], ["via", "x-forwarded-host"]);
        var head = Parse("GET / HTTP/1.1\r\nHost: a\r\nVia: 1.1 edge\r\nX-Forwarded-For: 1.1.1.1\r\nX-Forwarded-Host: evil\r\n\r\n");

        var written = HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8, via: new ViaField("paralarva"), rules: rules).ToArray());

        Assert.Equal("GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-Proto: http\r\nX-Forwarded-For: 192.0.2.1\r\n\r\n", written);
    }

    [Fact]
    public void Write_NoRules_SameBytesAsBefore()
    {
        var head = Parse("GET /p HTTP/1.1\r\nHost: a\r\nX-Env: dev\r\n\r\n");

        Assert.Equal(
            "GET /p HTTP/1.1\r\nHost: a\r\nX-Env: dev\r\n" + Forwarded + "X-Forwarded-Host: a\r\n\r\n",
            HttpBytes.Text(RequestHeadWriter.Write(head, "10.0.0.9"u8, rules: HeaderRules.None).ToArray()));
    }

    [Fact]
    public void Write_ResponseRules_MemberFieldsAndProxyVia()
    {
        var rules = new HeaderRules([new("X-Frame-Options", "DENY")], [new("Cache-Control", "no-store")], ["Server", "Via"]);
        var head = new ResponseHead();
        Assert.Equal(HeadParseStatus.Complete, ResponseHeadParser.Parse(
            HttpBytes.Of("HTTP/1.1 200 OK\r\nServer: nginx\r\nx-frame-options: SAMEORIGIN\r\nVia: 1.1 member\r\nContent-Length: 2\r\nCache-Control: max-age=5\r\n\r\n"),
            HttpMethodKind.Get, head));

        var written = HttpBytes.Text(ResponseHeadWriter.Write(head, closeClient: true, http10KeepAlive: false, via: new ViaField("paralarva"), rules: rules).ToArray());

        Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nCache-Control: max-age=5\r\nX-Frame-Options: DENY\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            AddedDate.Without(written));
    }

    private static RequestHead Parse(string received)
    {
        var head = new RequestHead();
        Assert.Equal(HeadParseStatus.Complete, RequestHeadParser.Parse(HttpBytes.Of(received), head));
        return head;
    }
}
