using System.Text;

namespace Paralarva.Tests.Http;

/// <summary>
/// Generates request heads, valid and mutated, from a seeded <see cref="Random"/>: the same seed gives the same
/// sequence, so a failure names its seed and index and replays exactly. Mutations aim at what parsers disagree
/// on (framing fields, separators, control bytes, line endings) more than at uniform noise.
/// </summary>
internal sealed class HeadMutator(int seed)
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "PURGE", "get"];
    private static readonly string[] Targets =
        ["/", "/a/b?c=d", "*", "http://svc.example/x", "https://SVC.example:8443", "svc.example:443", "/%00", "//x", "/a#frag", "http://u@svc.example/"];
    private static readonly string[] Versions = ["HTTP/1.1", "HTTP/1.0", "HTTP/1.1", "HTTP/1.2", "HTTP/2.0", "http/1.1", "HTTP/1.1 "];
    private static readonly string[] Hosts = ["svc.example", "svc.example:80", "SVC.EXAMPLE", "[::1]:8080", "10.0.0.1", "", "svc.example:", "a b", "svc.example:99999"];

    /// <summary>Field lines that frame, route or end connections: the ones whose misreading is a smuggling vector.</summary>
    private static readonly string[] Fields =
    [
        "Content-Length: 5", "Content-Length: 0", "Content-Length: -1", "Content-Length: 5, 5", "Content-Length:  7 ", "Content-Length: 1e3",
        "Content-Length: 99999999999999999999", "Transfer-Encoding: chunked", "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked, gzip",
        "Transfer-Encoding: identity", "Transfer-Encoding: ,chunked", "Transfer-Encoding: xchunked", "Transfer-Encoding: chunked;a=b",
        "Connection: close", "Connection: keep-alive", "Connection: upgrade, X-Hop", "Connection: content-length", "Connection: host",
        "Upgrade: websocket", "Expect: 100-continue", "TE: trailers", "Keep-Alive: timeout=5", "Proxy-Connection: keep-alive",
        "X-Forwarded-For: 1.2.3.4", "X-Hop: secret", "Host: other.example", "Accept: */*", "Cookie: a=1; b=2", "X-Empty:", "X-Tab:\tv\t",
        "X-Latin1: caf\u00e9", "Trailer: X-Sum",
    ];

    private static readonly byte[] Interesting = "\0\r\n \t:,;\"=\\/?#@[]%\u007f\u0080\u00ff\u000b\u000c0123456789aAzZ-_.~"u8.ToArray();

    private readonly Random _random = new(seed);

    /// <summary>A head assembled from the tables: often valid, sometimes not.</summary>
    public byte[] Generate()
    {
        var sb = new StringBuilder();
        if (_random.Next(20) == 0)
            sb.Append("\r\n");
        sb.Append(Pick(Methods)).Append(' ').Append(Pick(Targets)).Append(' ').Append(Pick(Versions)).Append("\r\n");
        if (_random.Next(8) != 0)
            sb.Append("Host: ").Append(Pick(Hosts)).Append("\r\n");
        var count = _random.Next(6);
        for (var i = 0; i < count; i++)
            sb.Append(Pick(Fields)).Append(_random.Next(10) == 0 ? "\n" : "\r\n");
        sb.Append(_random.Next(10) == 0 ? "\n" : "\r\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    /// <summary>A generated head with 1 to 4 mutations; the result usually still ends with an empty line.</summary>
    public byte[] Mutate()
    {
        var bytes = new List<byte>(Generate());
        var mutations = 1 + _random.Next(4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = _random.Next(bytes.Count);
            switch (_random.Next(8))
            {
                case 0:
                    bytes[at] = Interesting[_random.Next(Interesting.Length)];
                    break;
                case 1:
                    bytes.Insert(at, Interesting[_random.Next(Interesting.Length)]);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes[at] = (byte)_random.Next(256);
                    break;
                case 4:
                    // A whole framing line inserted at a line start: duplicates and conflicts.
                    var lineStart = bytes.LastIndexOf((byte)'\n', Math.Max(0, bytes.Count - 3)) + 1;
                    bytes.InsertRange(lineStart, Encoding.Latin1.GetBytes(Pick(Fields) + "\r\n"));
                    break;
                case 5:
                    // Repeat a run: long tokens, doubled separators.
                    var length = Math.Min(1 + _random.Next(16), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 6:
                    bytes.RemoveRange(at, Math.Min(1 + _random.Next(8), bytes.Count - at));
                    break;
                default:
                    // A space or tab where it changes meaning: before a colon, at a line start (obs-fold).
                    bytes.Insert(at, _random.Next(2) == 0 ? (byte)' ' : (byte)'\t');
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Valid or mutated, mostly mutated.</summary>
    public byte[] Next() => _random.Next(4) == 0 ? Generate() : Mutate();

    public int NextInt(int max) => _random.Next(max);

    private string Pick(string[] choices) => choices[_random.Next(choices.Length)];
}
