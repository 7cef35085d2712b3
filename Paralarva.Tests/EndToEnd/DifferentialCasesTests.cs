using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The differential probe of 2026-12-07, pinned: single requests that were sent through Paralarva, nginx 1.22 and
/// HAProxy 2.6 side by side, with the answer Paralarva gives to each (request line, Host, fields, Content-Length,
/// Transfer-Encoding, chunked bodies, pipelining; bench/README.md and the session notes list where the three differ
/// and why). Each row: the raw request, the status, whether the connection closes after it, and whether the member got
/// anything. Whatever Paralarva refuses reaches no member; whatever it keeps open serves a next request.
/// </summary>
public sealed class DifferentialCasesTests(DifferentialCasesTests.Proxy fixture) : IClassFixture<DifferentialCasesTests.Proxy>
{
    private const string Domain = "diff.local";

    [Theory]
    [InlineData("rl-basic", "GET /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-method-unknown", "FOO /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-method-lower", "get /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-method-msearch", "M-SEARCH /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-method-propfind", "PROPFIND /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-method-badchar", "GE(T /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-method-long", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-abs-same", "GET http://diff.local/x HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-abs-otherhost", "GET http://other.local/x HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-abs-hostrev", "GET http://diff.local/x HTTP/1.1\r\nHost: other.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-abs-nohost", "GET http://diff.local/x HTTP/1.1\r\n\r\n", 400, true, false)]
    [InlineData("rl-abs-https", "GET https://diff.local/x HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-abs-upper", "GET HTTP://DIFF.LOCAL/x HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-abs-userinfo", "GET http://user:pw@diff.local/x HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-abs-noslash", "GET http://diff.local HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-abs-port", "GET http://diff.local:28080/x HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-abs-ftp", "GET ftp://diff.local/x HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-authority-get", "GET diff.local:80 HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-connect", "CONNECT diff.local:443 HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-options-star", "OPTIONS * HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-get-star", "GET * HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-space-target", "GET /a b HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-tab-target", "GET /a\tb HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-double-space", "GET  /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-trailing-space", "GET /echo HTTP/1.1 \r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-tab-sep", "GET\t/echo\tHTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-http10-nohost", "GET /echo HTTP/1.0\r\n\r\n", 400, true, false)]
    [InlineData("rl-http10-host", "GET /echo HTTP/1.0\r\nHost: diff.local\r\n\r\n", 200, true, true)]
    [InlineData("rl-http09", "GET /echo\r\n", 400, true, false)]
    [InlineData("rl-http20", "GET /echo HTTP/2.0\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-http12", "GET /echo HTTP/1.2\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-http30", "GET /echo HTTP/3.0\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-http-lower", "GET /echo http/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-http-110", "GET /echo HTTP/1.10\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-http-01", "GET /echo HTTP/01.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-bare-lf", "GET /echo HTTP/1.1\nHost: diff.local\nX-A: b\n\n", 200, false, true)]
    [InlineData("rl-mixed-lf", "GET /echo HTTP/1.1\r\nHost: diff.local\nX-A: b\r\n\r\n", 200, false, true)]
    [InlineData("rl-leading-crlf", "\r\nGET /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-leading-2crlf", "\r\n\r\nGET /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-leading-lf", "\nGET /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-nul-target", "GET /a\u0000b HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-ctl-target", "GET /a\u0001b HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-del-target", "GET /a\u007fb HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-utf8-target", "GET /caf\u00c3\u00a9 HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-fragment", "GET /a#frag HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-noslash", "GET echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-bare-cr", "GET /echo HTTP/1.1\rHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-method-only", "GET\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("rl-pct-encoded", "GET /%2e%2e/%2f%00x HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("rl-dotdot", "GET /../../etc/passwd HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("h-nohost-11", "GET /echo HTTP/1.1\r\nX-A: b\r\n\r\n", 400, true, false)]
    [InlineData("h-two-host-same", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("h-two-host-diff", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nHost: other.local\r\n\r\n", 400, true, false)]
    [InlineData("h-host-port80", "GET /echo HTTP/1.1\r\nHost: diff.local:80\r\n\r\n", 200, false, true)]
    [InlineData("h-host-port-listen", "GET /echo HTTP/1.1\r\nHost: diff.local:28080\r\n\r\n", 200, false, true)]
    [InlineData("h-host-port-other", "GET /echo HTTP/1.1\r\nHost: diff.local:9999\r\n\r\n", 200, false, true)]
    [InlineData("h-host-badport", "GET /echo HTTP/1.1\r\nHost: diff.local:abc\r\n\r\n", 400, true, false)]
    [InlineData("h-host-slash", "GET /echo HTTP/1.1\r\nHost: diff.local/evil\r\n\r\n", 400, true, false)]
    [InlineData("h-host-at", "GET /echo HTTP/1.1\r\nHost: evil@diff.local\r\n\r\n", 400, true, false)]
    [InlineData("h-host-space", "GET /echo HTTP/1.1\r\nHost: diff local\r\n\r\n", 400, true, false)]
    [InlineData("h-host-empty", "GET /echo HTTP/1.1\r\nHost: \r\n\r\n", 400, true, false)]
    [InlineData("h-host-upper", "GET /echo HTTP/1.1\r\nHost: DIFF.LOCAL\r\n\r\n", 200, false, true)]
    [InlineData("h-host-trailing-dot", "GET /echo HTTP/1.1\r\nHost: diff.local.\r\n\r\n", 400, true, false)]
    [InlineData("h-host-ws", "GET /echo HTTP/1.1\r\nHost:   diff.local   \r\n\r\n", 200, false, true)]
    [InlineData("h-host-ip", "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400, true, false)]
    [InlineData("h-host-unknown", "GET /echo HTTP/1.1\r\nHost: unknown.local\r\n\r\n", 400, true, false)]
    [InlineData("h-empty-name", "GET /echo HTTP/1.1\r\nHost: diff.local\r\n: value\r\n\r\n", 400, true, false)]
    [InlineData("h-space-colon", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-A : b\r\n\r\n", 400, true, false)]
    [InlineData("h-tab-colon", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-A\t: b\r\n\r\n", 400, true, false)]
    [InlineData("h-obs-fold", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-A: first\r\n  second\r\n\r\n", 400, true, false)]
    [InlineData("h-obs-fold-first", "GET /echo HTTP/1.1\r\n X-A: b\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("h-name-at", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX@A: b\r\n\r\n", 400, true, false)]
    [InlineData("h-name-space", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX A: b\r\n\r\n", 400, true, false)]
    [InlineData("h-name-quote", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX\"A: b\r\n\r\n", 400, true, false)]
    [InlineData("h-name-nonascii", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-\u00c3\u00a9: b\r\n\r\n", 400, true, false)]
    [InlineData("h-name-underscore", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX_A: b\r\n\r\n", 200, false, true)]
    [InlineData("h-no-colon", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nNoColonHere\r\n\r\n", 400, true, false)]
    [InlineData("h-many-90", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-H0: v\r\nX-H1: v\r\nX-H2: v\r\nX-H3: v\r\nX-H4: v\r\nX-H5: v\r\nX-H6: v\r\nX-H7: v\r\nX-H8: v\r\nX-H9: v\r\nX-H10: v\r\nX-H11: v\r\nX-H12: v\r\nX-H13: v\r\nX-H14: v\r\nX-H15: v\r\nX-H16: v\r\nX-H17: v\r\nX-H18: v\r\nX-H19: v\r\nX-H20: v\r\nX-H21: v\r\nX-H22: v\r\nX-H23: v\r\nX-H24: v\r\nX-H25: v\r\nX-H26: v\r\nX-H27: v\r\nX-H28: v\r\nX-H29: v\r\nX-H30: v\r\nX-H31: v\r\nX-H32: v\r\nX-H33: v\r\nX-H34: v\r\nX-H35: v\r\nX-H36: v\r\nX-H37: v\r\nX-H38: v\r\nX-H39: v\r\nX-H40: v\r\nX-H41: v\r\nX-H42: v\r\nX-H43: v\r\nX-H44: v\r\nX-H45: v\r\nX-H46: v\r\nX-H47: v\r\nX-H48: v\r\nX-H49: v\r\nX-H50: v\r\nX-H51: v\r\nX-H52: v\r\nX-H53: v\r\nX-H54: v\r\nX-H55: v\r\nX-H56: v\r\nX-H57: v\r\nX-H58: v\r\nX-H59: v\r\nX-H60: v\r\nX-H61: v\r\nX-H62: v\r\nX-H63: v\r\nX-H64: v\r\nX-H65: v\r\nX-H66: v\r\nX-H67: v\r\nX-H68: v\r\nX-H69: v\r\nX-H70: v\r\nX-H71: v\r\nX-H72: v\r\nX-H73: v\r\nX-H74: v\r\nX-H75: v\r\nX-H76: v\r\nX-H77: v\r\nX-H78: v\r\nX-H79: v\r\nX-H80: v\r\nX-H81: v\r\nX-H82: v\r\nX-H83: v\r\nX-H84: v\r\nX-H85: v\r\nX-H86: v\r\nX-H87: v\r\nX-H88: v\r\nX-H89: v\r\n\r\n", 200, false, true)]
    [InlineData("h-many-150", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-H0: v\r\nX-H1: v\r\nX-H2: v\r\nX-H3: v\r\nX-H4: v\r\nX-H5: v\r\nX-H6: v\r\nX-H7: v\r\nX-H8: v\r\nX-H9: v\r\nX-H10: v\r\nX-H11: v\r\nX-H12: v\r\nX-H13: v\r\nX-H14: v\r\nX-H15: v\r\nX-H16: v\r\nX-H17: v\r\nX-H18: v\r\nX-H19: v\r\nX-H20: v\r\nX-H21: v\r\nX-H22: v\r\nX-H23: v\r\nX-H24: v\r\nX-H25: v\r\nX-H26: v\r\nX-H27: v\r\nX-H28: v\r\nX-H29: v\r\nX-H30: v\r\nX-H31: v\r\nX-H32: v\r\nX-H33: v\r\nX-H34: v\r\nX-H35: v\r\nX-H36: v\r\nX-H37: v\r\nX-H38: v\r\nX-H39: v\r\nX-H40: v\r\nX-H41: v\r\nX-H42: v\r\nX-H43: v\r\nX-H44: v\r\nX-H45: v\r\nX-H46: v\r\nX-H47: v\r\nX-H48: v\r\nX-H49: v\r\nX-H50: v\r\nX-H51: v\r\nX-H52: v\r\nX-H53: v\r\nX-H54: v\r\nX-H55: v\r\nX-H56: v\r\nX-H57: v\r\nX-H58: v\r\nX-H59: v\r\nX-H60: v\r\nX-H61: v\r\nX-H62: v\r\nX-H63: v\r\nX-H64: v\r\nX-H65: v\r\nX-H66: v\r\nX-H67: v\r\nX-H68: v\r\nX-H69: v\r\nX-H70: v\r\nX-H71: v\r\nX-H72: v\r\nX-H73: v\r\nX-H74: v\r\nX-H75: v\r\nX-H76: v\r\nX-H77: v\r\nX-H78: v\r\nX-H79: v\r\nX-H80: v\r\nX-H81: v\r\nX-H82: v\r\nX-H83: v\r\nX-H84: v\r\nX-H85: v\r\nX-H86: v\r\nX-H87: v\r\nX-H88: v\r\nX-H89: v\r\nX-H90: v\r\nX-H91: v\r\nX-H92: v\r\nX-H93: v\r\nX-H94: v\r\nX-H95: v\r\nX-H96: v\r\nX-H97: v\r\nX-H98: v\r\nX-H99: v\r\nX-H100: v\r\nX-H101: v\r\nX-H102: v\r\nX-H103: v\r\nX-H104: v\r\nX-H105: v\r\nX-H106: v\r\nX-H107: v\r\nX-H108: v\r\nX-H109: v\r\nX-H110: v\r\nX-H111: v\r\nX-H112: v\r\nX-H113: v\r\nX-H114: v\r\nX-H115: v\r\nX-H116: v\r\nX-H117: v\r\nX-H118: v\r\nX-H119: v\r\nX-H120: v\r\nX-H121: v\r\nX-H122: v\r\nX-H123: v\r\nX-H124: v\r\nX-H125: v\r\nX-H126: v\r\nX-H127: v\r\nX-H128: v\r\nX-H129: v\r\nX-H130: v\r\nX-H131: v\r\nX-H132: v\r\nX-H133: v\r\nX-H134: v\r\nX-H135: v\r\nX-H136: v\r\nX-H137: v\r\nX-H138: v\r\nX-H139: v\r\nX-H140: v\r\nX-H141: v\r\nX-H142: v\r\nX-H143: v\r\nX-H144: v\r\nX-H145: v\r\nX-H146: v\r\nX-H147: v\r\nX-H148: v\r\nX-H149: v\r\n\r\n", 431, true, false)]
    [InlineData("h-val-nul", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-A: a\u0000b\r\n\r\n", 400, true, false)]
    [InlineData("h-val-cr", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-A: a\rb\r\n\r\n", 400, true, false)]
    [InlineData("h-val-ctl", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-A: a\u0001b\r\n\r\n", 400, true, false)]
    [InlineData("h-val-del", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-A: a\u007fb\r\n\r\n", 400, true, false)]
    [InlineData("h-val-obstext", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-A: caf\u00c3\u00a9\r\n\r\n", 200, false, true)]
    [InlineData("h-val-empty", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-A:\r\n\r\n", 200, false, true)]
    [InlineData("h-conn-close", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nConnection: close\r\n\r\n", 200, true, true)]
    [InlineData("h-conn-hop-xfoo", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nConnection: X-Foo\r\nX-Foo: secret\r\n\r\n", 200, false, true)]
    [InlineData("h-conn-hop-close-xfoo", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nConnection: close, X-Foo\r\nX-Foo: secret\r\n\r\n", 200, true, true)]
    [InlineData("h-conn-hop-multi", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nConnection: keep-alive\r\nConnection: X-Bar\r\nX-Bar: secret\r\n\r\n", 200, false, true)]
    [InlineData("h-conn-hop-xff", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-Forwarded-For: 6.6.6.6\r\nConnection: X-Forwarded-For\r\n\r\n", 200, false, true)]
    [InlineData("h-conn-hop-host", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nConnection: Host\r\n\r\n", 400, true, false)]
    [InlineData("h-hopbyhop-std", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\nTrailer: X-T\r\nUpgrade: foo\r\n\r\n", 200, false, true)]
    [InlineData("h-te-gzip", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nTE: gzip\r\n\r\n", 200, false, true)]
    [InlineData("h-expect-nobody", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nExpect: 100-continue\r\n\r\n", 200, false, true)]
    [InlineData("h-expect-cl0", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n", 200, false, true)]
    [InlineData("h-expect-http10", "POST /echo HTTP/1.0\r\nHost: diff.local\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello", 200, true, true)]
    [InlineData("h-expect-other", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nExpect: foo\r\n\r\n", 200, false, true)]
    // Answered by the proxy as the last hop (RFC 9110 section 7.6.2), where nginx and HAProxy forward them.
    [InlineData("h-trace-mf0", "TRACE /echo HTTP/1.1\r\nHost: diff.local\r\nMax-Forwards: 0\r\n\r\n", 405, false, false)]
    [InlineData("h-options-mf0", "OPTIONS /echo HTTP/1.1\r\nHost: diff.local\r\nMax-Forwards: 0\r\n\r\n", 200, false, false)]
    [InlineData("h-options-mf5", "OPTIONS /echo HTTP/1.1\r\nHost: diff.local\r\nMax-Forwards: 5\r\n\r\n", 200, false, true)]
    [InlineData("h-trace", "TRACE /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("h-trace-body", "TRACE /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5\r\n\r\nhello", 200, false, true)]
    [InlineData("h-xff-present", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n", 200, false, true)]
    [InlineData("h-xff-multi", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-Forwarded-For: 1.2.3.4\r\nX-Forwarded-For: 5.6.7.8\r\n\r\n", 200, false, true)]
    [InlineData("h-via-present", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nVia: 1.0 upstream\r\n\r\n", 200, false, true)]
    [InlineData("h-forwarded", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nForwarded: for=6.6.6.6\r\n\r\n", 200, false, true)]
    [InlineData("h-proxy-auth", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n\r\n", 200, false, true)]
    [InlineData("cl-basic", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5\r\n\r\nhello", 200, false, true)]
    [InlineData("cl-zero-lead", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 005\r\n\r\nhello", 200, false, true)]
    [InlineData("cl-plus", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: +5\r\n\r\nhello", 400, true, false)]
    [InlineData("cl-dup-same", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", 400, true, false)]
    [InlineData("cl-dup-diff", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400, true, false)]
    [InlineData("cl-list-same", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5, 5\r\n\r\nhello", 400, true, false)]
    [InlineData("cl-list-diff", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5, 6\r\n\r\nhello!", 400, true, false)]
    [InlineData("cl-neg", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: -1\r\n\r\nhello", 400, true, false)]
    [InlineData("cl-huge", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 99999999999999999999999\r\n\r\nhello", 400, true, false)]
    [InlineData("cl-nonnum", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: abc\r\n\r\nhello", 400, true, false)]
    [InlineData("cl-hex", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 0x5\r\n\r\nhello", 400, true, false)]
    [InlineData("cl-space-inner", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5 5\r\n\r\nhello", 400, true, false)]
    [InlineData("cl-empty", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: \r\n\r\nhello", 400, true, false)]
    [InlineData("cl-ws", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: \t5 \r\n\r\nhello", 200, false, true)]
    [InlineData("cl-get-body", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5\r\n\r\nhello", 200, false, true)]
    [InlineData("cl-post-nolen", "POST /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("cl-name-ws", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length : 5\r\n\r\nhello", 400, true, false)]
    [InlineData("cl-dup-one-empty", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5\r\nContent-Length: \r\n\r\nhello", 400, true, false)]
    [InlineData("te-chunked", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("te-chunked-chunked", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-gzip-chunked", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-chunked-gzip", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-identity", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-capital", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("te-upper", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: CHUNKED\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("te-cl-both", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-cl-both-rev", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-http10", "POST /echo HTTP/1.0\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-http10-cl", "POST /echo HTTP/1.0\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-leading-ws", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding:  chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("te-trailing-ws", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked \r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("te-vtab", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: \u000bchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-xchunked", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-two-headers", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-two-headers-gzip", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-empty", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: \r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-name-ws", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding : chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("te-comma-empty", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: ,chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("te-get-chunked", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("ck-hex-upper", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("ck-hex-lower", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("ck-leading-zeros", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n0005\r\nhello\r\n0000\r\n\r\n", 200, false, true)]
    [InlineData("ck-ext", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5;foo=bar\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("ck-ext-quoted", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5;foo=\"b;a r\"\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("ck-ext-bws", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5 ;foo=bar\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("ck-ext-empty", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5;\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-ext-nul", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5;a\u0000b\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-ext-bare-lf", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5;a\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-size-trailing-ws", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-overflow", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-overflow-wrap", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000005\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-negative", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-0x", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-missing-crlf", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", 400, true, false)]
    [InlineData("ck-lf-only", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\n0\n\n", 400, true, false)]
    [InlineData("ck-lf-after-data", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-trailer", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: v\r\n\r\n", 200, false, true)]
    [InlineData("ck-trailer-cl", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nContent-Length: 50\r\n\r\n", 200, false, true)]
    [InlineData("ck-trailer-host", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nHost: evil.local\r\n\r\n", 200, false, true)]
    [InlineData("ck-trailer-te", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n", 200, false, true)]
    [InlineData("ck-trailer-obsfold", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: a\r\n b\r\n\r\n", 400, true, false)]
    [InlineData("ck-trailer-badname", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX T: a\r\n\r\n", 400, true, false)]
    [InlineData("ck-empty-size", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("ck-size-nonhex", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\ng\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("pl-close-then-get", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nConnection: close\r\n\r\nGET /echo2 HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, true, true)]
    [InlineData("pl-smuggle-cl-te", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 30\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nX: y", 400, true, false)]
    [InlineData("head-basic", "HEAD /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("head-cl", "HEAD /resp/head-cl HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("x-te-list-0", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked,\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("x-te-list-1", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: , chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("x-te-list-2", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked, \r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("x-te-list-3", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked,,\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("x-te-list-4", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding:  , ,chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 200, false, true)]
    [InlineData("x-te-list-5", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked , chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("x-te-comma-smuggle", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: ,chunked\r\n\r\n29\r\nGET /smuggled HTTP/1.1\r\nHost: diff.local\r\n\r\n\r\n0\r\n\r\nGET /echo HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("x-http09-blank", "GET /echo\r\n\r\n", 400, true, false)]
    [InlineData("x-reqline-noversion-hdrs", "GET /echo\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("x-ck-plus", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nTransfer-Encoding: chunked\r\n\r\n+5\r\nhello\r\n0\r\n\r\n", 400, true, false)]
    [InlineData("x-xfwd-spoof", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n\r\n", 200, false, true)]
    [InlineData("x-http10-chunked-resp", "GET /resp/chunked-trailer HTTP/1.0\r\nHost: diff.local\r\n\r\n", 200, true, true)]
    [InlineData("x-head-close-delim", "HEAD /resp/close-delimited HTTP/1.1\r\nHost: diff.local\r\n\r\n", 200, false, true)]
    [InlineData("x-cl-leading-zeros-long", "POST /echo HTTP/1.1\r\nHost: diff.local\r\nContent-Length: 00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005\r\n\r\nhello", 200, false, true)]
    [InlineData("x-host-port-empty", "GET /echo HTTP/1.1\r\nHost: diff.local:\r\n\r\n", 200, false, true)]
    [InlineData("x-host-upper-port", "GET /echo HTTP/1.1\r\nHost: DIFF.Local:80\r\n\r\n", 200, false, true)]
    [InlineData("x-abs-host-empty", "GET http:///x HTTP/1.1\r\nHost: diff.local\r\n\r\n", 400, true, false)]
    [InlineData("x-get-star-10", "OPTIONS * HTTP/1.0\r\nHost: diff.local\r\n\r\n", 200, true, true)]
    [InlineData("x-connection-te", "GET /echo HTTP/1.1\r\nHost: diff.local\r\nConnection: TE\r\nTE: trailers\r\n\r\n", 200, false, true)]
    public async Task SingleRequest_PinnedAnswer(string caseId, string request, int status, bool closed, bool forwarded)
    {
        var receivedBefore = fixture.Origin.BytesReceived;
        await using var client = await fixture.Server.ConnectAsync();

        await client.SendAsync(request);
        var method = request.TrimStart('\r', '\n').StartsWith("HEAD ", StringComparison.Ordinal) ? "HEAD" : "GET";
        var response = await client.ReadResponseAsync(method);
        // The test origin answers Expect: 100-continue itself, and a member's 1xx is relayed: the final answer is pinned.
        while (response.StatusCode == 100)
            response = await client.ReadResponseAsync(method);

        Assert.True(status == response.StatusCode, caseId + ": status " + response.StatusCode + ", pinned " + status);
        // Whatever was sent before this case was answered, so the origin's count moves only for this one.
        Assert.True(forwarded == (fixture.Origin.BytesReceived > receivedBefore), caseId + (forwarded ? ": not forwarded" : ": reached the member"));
        if (closed)
        {
            Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), caseId + ": the connection stayed open");
        }
        else
        {
            var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/next"));
            Assert.True(next.StatusCode == 200, caseId + ": the next request got " + next.StatusCode);
        }
    }

    /// <summary>One origin and one proxy for all the rows: each row opens its own client connection.</summary>
    public sealed class Proxy : IAsyncLifetime
    {
        private TestOrigin? _origin;
        private InProcessProxy? _proxy;

        internal TestOrigin Origin => _origin ?? throw new InvalidOperationException("not started");

        internal InProcessProxy Server => _proxy ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync()
        {
            _origin = new TestOrigin("a");
            _proxy = await InProcessProxy.StartAsync(TestConfigs.Service(Domain, _origin));
        }

        public async Task DisposeAsync()
        {
            if (_proxy is not null)
                await _proxy.DisposeAsync();
            if (_origin is not null)
                await _origin.DisposeAsync();
        }
    }
}
