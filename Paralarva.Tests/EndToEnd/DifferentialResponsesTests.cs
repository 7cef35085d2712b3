using System.Text;
using Paralarva.Tests.Common;

namespace Paralarva.Tests.EndToEnd;

/// <summary>
/// The second differential probe of 2026-12-07, pinned: member responses (status lines, field lines, framing,
/// Connection and keep-alive, 304/204/HEAD, chunked bodies with extensions and trailers) relayed by Paralarva, nginx
/// 1.22 and HAProxy 2.6 side by side, with the status Paralarva's client gets for each and whether the client
/// connection goes on. A response the proxy refuses is a 502 on a connection that stays open (the request was read
/// whole); whatever closes, closes.
/// </summary>
public sealed class DifferentialResponsesTests(DifferentialResponsesTests.Proxy fixture) : IClassFixture<DifferentialResponsesTests.Proxy>
{
    private const string Domain = SharedProxyFixture.Domain;

    [Theory]
    [InlineData("r2-reuse-r10-ka", "GET", "GET /r2/r10-ka HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reuse-r10-noka", "GET", "GET /r2/r10-noka HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reuse-r11-close", "GET", "GET /r2/r11-close HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reuse-r11-close-upper", "GET", "GET /r2/r11-close-upper HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nConnection: CLOSE\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reuse-r11-close-list", "GET", "GET /r2/r11-close-list HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reuse-r11-close-2lines", "GET", "GET /r2/r11-close-2lines HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reuse-keepalive-hdr", "GET", "GET /r2/keepalive-hdr HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=1, max=1\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reuse-proxy-conn", "GET", "GET /r2/proxy-conn HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nProxy-Connection: close\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-upgrade-200", "GET", "GET /r2/upgrade-200 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nUpgrade: h2c\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-s099", "GET", "GET /r2/s099 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 099 Weird\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-s600", "GET", "GET /r2/s600 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 600 Six\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-s999", "GET", "GET /r2/s999 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 999 Nine\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-s299", "GET", "GET /r2/s299 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 299 Odd\r\nContent-Length: 2\r\n\r\nok", false, 299, false)]
    [InlineData("r2-s499", "GET", "GET /r2/s499 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 499 Odd\r\nContent-Length: 2\r\n\r\nok", false, 499, false)]
    [InlineData("r2-s000", "GET", "GET /r2/s000 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 000 Zero\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-s20", "GET", "GET /r2/s20 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 20 Short\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-s-sign", "GET", "GET /r2/s-sign HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 +20 Plus\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-reason-obstext", "GET", "GET /r2/reason-obstext HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 \u00e9t\u00e9 \u00ff\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reason-empty-sp", "GET", "GET /r2/reason-empty-sp HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reason-tab", "GET", "GET /r2/reason-tab HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 O\tK\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-reason-ctl", "GET", "GET /r2/reason-ctl HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 O\u0001K\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-sl-lower", "GET", "GET /r2/sl-lower HTTP/1.1\r\nHost: diff.local\r\n\r\n", "http/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-sl-2sp", "GET", "GET /r2/sl-2sp HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1  200 OK\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-sl-http2", "GET", "GET /r2/sl-http2 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-sl-http12", "GET", "GET /r2/sl-http12 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.2 200 OK\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-sl-http09", "GET", "GET /r2/sl-http09 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/0.9 200 OK\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-sl-leading-crlf", "GET", "GET /r2/sl-leading-crlf HTTP/1.1\r\nHost: diff.local\r\n\r\n", "\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false, 502, false)]
    [InlineData("r2-sl-tab", "GET", "GET /r2/sl-tab HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1\t200 OK\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-sl-ws-first", "GET", "GET /r2/sl-ws-first HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\n X-Lead: v\r\nContent-Length: 2\r\n\r\nok", false, 502, false)]
    [InlineData("r2-sl-ws-first-cl", "GET", "GET /r2/sl-ws-first-cl HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\n Content-Length: 7\r\nContent-Length: 2\r\n\r\nokEXTRA", true, 502, false)]
    [InlineData("r2-many-100", "GET", "GET /r2/many-100 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX-H0: v\r\nX-H1: v\r\nX-H2: v\r\nX-H3: v\r\nX-H4: v\r\nX-H5: v\r\nX-H6: v\r\nX-H7: v\r\nX-H8: v\r\nX-H9: v\r\nX-H10: v\r\nX-H11: v\r\nX-H12: v\r\nX-H13: v\r\nX-H14: v\r\nX-H15: v\r\nX-H16: v\r\nX-H17: v\r\nX-H18: v\r\nX-H19: v\r\nX-H20: v\r\nX-H21: v\r\nX-H22: v\r\nX-H23: v\r\nX-H24: v\r\nX-H25: v\r\nX-H26: v\r\nX-H27: v\r\nX-H28: v\r\nX-H29: v\r\nX-H30: v\r\nX-H31: v\r\nX-H32: v\r\nX-H33: v\r\nX-H34: v\r\nX-H35: v\r\nX-H36: v\r\nX-H37: v\r\nX-H38: v\r\nX-H39: v\r\nX-H40: v\r\nX-H41: v\r\nX-H42: v\r\nX-H43: v\r\nX-H44: v\r\nX-H45: v\r\nX-H46: v\r\nX-H47: v\r\nX-H48: v\r\nX-H49: v\r\nX-H50: v\r\nX-H51: v\r\nX-H52: v\r\nX-H53: v\r\nX-H54: v\r\nX-H55: v\r\nX-H56: v\r\nX-H57: v\r\nX-H58: v\r\nX-H59: v\r\nX-H60: v\r\nX-H61: v\r\nX-H62: v\r\nX-H63: v\r\nX-H64: v\r\nX-H65: v\r\nX-H66: v\r\nX-H67: v\r\nX-H68: v\r\nX-H69: v\r\nX-H70: v\r\nX-H71: v\r\nX-H72: v\r\nX-H73: v\r\nX-H74: v\r\nX-H75: v\r\nX-H76: v\r\nX-H77: v\r\nX-H78: v\r\nX-H79: v\r\nX-H80: v\r\nX-H81: v\r\nX-H82: v\r\nX-H83: v\r\nX-H84: v\r\nX-H85: v\r\nX-H86: v\r\nX-H87: v\r\nX-H88: v\r\nX-H89: v\r\nX-H90: v\r\nX-H91: v\r\nX-H92: v\r\nX-H93: v\r\nX-H94: v\r\nX-H95: v\r\nX-H96: v\r\nX-H97: v\r\nX-H98: v\r\nX-H99: v\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-name-tchars", "GET", "GET /r2/name-tchars HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX!#$%&'*+-.^_`|~: v\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-name-brace", "GET", "GET /r2/name-brace HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX{B}: v\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-name-slash", "GET", "GET /r2/name-slash HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX/B: v\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-name-space-inner", "GET", "GET /r2/name-space-inner HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX B: v\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-name-utf8", "GET", "GET /r2/name-utf8 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX-\u00c3\u00a9: v\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-name-del", "GET", "GET /r2/name-del HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX\u007f: v\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-name-empty", "GET", "GET /r2/name-empty HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\n: v\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-no-colon", "GET", "GET /r2/no-colon HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX-NoColon\r\nContent-Length: 2\r\n\r\nok", true, 502, false)]
    [InlineData("r2-val-obstext", "GET", "GET /r2/val-obstext HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX-V: caf\u00e9\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-val-ws", "GET", "GET /r2/val-ws HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX-V:   a  b \t \r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-val-empty", "GET", "GET /r2/val-empty HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nX-V:\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-date-server", "GET", "GET /r2/date-server HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nDate: Thu, 01 Jan 2015 00:00:00 GMT\r\nServer: origin/1.0\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-no-date", "GET", "GET /r2/no-date HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-te-identity", "GET", "GET /r2/te-identity HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\nidentity-body", true, 200, true)]
    [InlineData("r2-te-identity-cl", "GET", "GET /r2/te-identity-cl HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 5\r\n\r\nhello", true, 502, false)]
    [InlineData("r2-te-chunked-upper", "GET", "GET /r2/te-chunked-upper HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: CHUNKED\r\n\r\n2\r\nok\r\n0\r\n\r\n", false, 200, false)]
    [InlineData("r2-te-http10-chunked", "GET", "GET /r2/te-http10-chunked HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", true, 502, false)]
    [InlineData("r2-ck-upper", "GET", "GET /r2/ck-upper HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", false, 200, false)]
    [InlineData("r2-ck-lead0", "GET", "GET /r2/ck-lead0 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0005\r\nhello\r\n000\r\n\r\n", false, 200, false)]
    [InlineData("r2-ck-ext-quoted", "GET", "GET /r2/ck-ext-quoted HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b;c\"\r\nhello\r\n0;last=1\r\n\r\n", false, 200, false)]
    [InlineData("r2-ck-trailers", "GET", "GET /r2/ck-trailers HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T1: a\r\nX-T2: b\r\n\r\n", false, 200, false)]
    [InlineData("r2-ck-trailer-cl", "GET", "GET /r2/ck-trailer-cl HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nContent-Length: 99\r\n\r\n", false, 200, false)]
    [InlineData("r2-ck-ws-size", "GET", "GET /r2/ck-ws-size HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", true, 502, false)]
    [InlineData("r2-ck-lf", "GET", "GET /r2/ck-lf HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\n0\n\n", true, 502, false)]
    [InlineData("r2-cl-space-val", "GET", "GET /r2/cl-space-val HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length:  2 \r\n\r\nok", false, 200, false)]
    [InlineData("r2-set-cookie2", "GET", "GET /r2/set-cookie2 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-resp-via", "GET", "GET /r2/resp-via HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nVia: 1.1 backend\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-www-auth", "GET", "GET /r2/www-auth HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 2\r\n\r\nok", false, 401, false)]
    [InlineData("r2-304-cl-next", "GET", "GET /r2/304-cl HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\nETag: \"x\"\r\n\r\n", false, 304, false)]
    [InlineData("r2-304-te-next", "GET", "GET /r2/304-te HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", false, 304, false)]
    [InlineData("r2-204-te-next", "GET", "GET /r2/204-te HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n", false, 204, false)]
    [InlineData("r2-head-te-next", "HEAD", "HEAD /r2/head-te HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, 200, false)]
    [InlineData("r2-head-clbig-next", "HEAD", "HEAD /r2/head-cl-big HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", false, 200, false)]
    [InlineData("r2-head-clbig-pipe", "HEAD", "HEAD /r2/head-cl-big HTTP/1.1\r\nHost: diff.local\r\n\r\nGET /echo2 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", false, 200, false)]
    [InlineData("r2-get-clbig-http10", "GET", "GET /r2/head-cl-big HTTP/1.0\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false, 200, true)]
    [InlineData("r2-cl-extra-same", "GET", "GET /r2/cl-extra HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Smuggled: yes\r\n\r\nSMUGGLED", false, 200, false)]
    [InlineData("r2-cl-extra-pipe", "GET", "GET /r2/cl-extra HTTP/1.1\r\nHost: diff.local\r\n\r\nGET /echo2 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Smuggled: yes\r\n\r\nSMUGGLED", false, 200, false)]
    [InlineData("r2-cl-extra-junk-same", "GET", "GET /r2/cl-extra-junk HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNKJUNK", false, 200, false)]
    [InlineData("r2-cl-extra-junk-pipe", "GET", "GET /r2/cl-extra-junk HTTP/1.1\r\nHost: diff.local\r\n\r\nGET /echo2 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokJUNKJUNK", false, 200, false)]
    [InlineData("r2-ck-extra-same", "GET", "GET /r2/ck-extra HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Smuggled: yes\r\n\r\nSMUGGLED", false, 200, false)]
    [InlineData("r2-ck-extra-pipe", "GET", "GET /r2/ck-extra HTTP/1.1\r\nHost: diff.local\r\n\r\nGET /echo2 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Smuggled: yes\r\n\r\nSMUGGLED", false, 200, false)]
    [InlineData("r2-cl0-extra-same", "GET", "GET /r2/cl0-extra HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Smuggled: yes\r\n\r\nSMUGGLED", false, 200, false)]
    [InlineData("r2-cl0-extra-pipe", "GET", "GET /r2/cl0-extra HTTP/1.1\r\nHost: diff.local\r\n\r\nGET /echo2 HTTP/1.1\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Smuggled: yes\r\n\r\nSMUGGLED", false, 200, false)]
    [InlineData("r2-http10-r10-ka", "GET", "GET /r2/r10-ka HTTP/1.0\r\nHost: diff.local\r\nConnection: keep-alive\r\n\r\n", "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", false, 200, false)]
    [InlineData("r2-http10-ck-trailers", "GET", "GET /r2/ck-trailers HTTP/1.0\r\nHost: diff.local\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T1: a\r\nX-T2: b\r\n\r\n", false, 200, true)]
    public async Task MemberResponse_PinnedAnswer(string caseId, string method, string request, string memberResponse, bool memberCloses, int status, bool closed)
    {
        fixture.Answer = OriginResponse.RawBytes(Encoding.Latin1.GetBytes(memberResponse), closeAfter: memberCloses);
        await using var client = await fixture.Server.ConnectAsync();

        await client.SendAsync(request);
        var response = await client.ReadResponseAsync(method);
        while (response.StatusCode is >= 100 and < 200)
            response = await client.ReadResponseAsync(method);

        Assert.True(status == response.StatusCode, caseId + ": status " + response.StatusCode + ", pinned " + status);
        if (closed)
        {
            Assert.True(await client.IsClosedByPeerAsync(RawHttpClient.DefaultTimeout), caseId + ": the connection stayed open");
        }
        else
        {
            var next = await client.SendAndReadAsync(RawRequest.Get(Domain, "/next"));
            Assert.True(next.StatusCode == 200 && next.BodyText == "origin a", caseId + ": the next request got " + next.StatusCode + " " + next.BodyText);
        }
    }

    /// <summary>The origin answers /r2/ targets with the row's response, anything else with <c>origin a</c>.</summary>
    public sealed class Proxy : SharedProxyFixture
    {
        /// <summary>The answer to the next /r2/ request; the rows run one at a time.</summary>
        internal OriginResponse Answer { get; set; } = OriginResponse.Ok("unset");

        private protected override TestOrigin CreateOrigin() =>
            new("a", request => request.Target.StartsWith("/r2/", StringComparison.Ordinal) ? Answer : OriginResponse.Ok("origin a"));
    }
}
