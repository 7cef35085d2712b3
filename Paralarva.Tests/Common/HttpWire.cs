using System.Globalization;
using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>
/// Strict HTTP/1.1 head parsing and framing rules shared by <see cref="TestOrigin"/> and
/// <see cref="RawHttpClient"/>. Strict on purpose: what a proxy sends must be unambiguous,
/// so anything RFC 9112 lets a recipient reject is rejected with an <see cref="HttpFormatException"/>.
/// </summary>
internal static class HttpWire
{
    public static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>Splits a head (ending in CRLFCRLF) into its start line and header fields.</summary>
    public static (string StartLine, List<KeyValuePair<string, string>> Headers) ParseHead(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4 || !head.EndsWith("\r\n\r\n"u8))
        {
            throw new HttpFormatException("head does not end with CRLFCRLF");
        }

        var body = head[..^2];
        var headers = new List<KeyValuePair<string, string>>();
        string? startLine = null;
        while (body.Length > 0)
        {
            var end = body.IndexOf("\r\n"u8);
            var line = body[..end];
            body = body[(end + 2)..];
            if (line.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
            {
                throw new HttpFormatException("bare CR or LF inside a head line: " + Escape(line));
            }

            if (startLine is null)
            {
                if (line.Length == 0)
                {
                    throw new HttpFormatException("empty start line");
                }

                startLine = Latin1.GetString(line);
                continue;
            }

            headers.Add(ParseField(line));
        }

        return (startLine ?? throw new HttpFormatException("empty head"), headers);
    }

    private static KeyValuePair<string, string> ParseField(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && (line[0] == (byte)' ' || line[0] == (byte)'\t'))
        {
            throw new HttpFormatException("obsolete line folding: " + Escape(line));
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            throw new HttpFormatException("header line without a name and colon: " + Escape(line));
        }

        var name = line[..colon];
        foreach (var b in name)
        {
            if (!IsTokenChar(b))
            {
                throw new HttpFormatException("invalid character in header name: " + Escape(line));
            }
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        return new(Latin1.GetString(name), Latin1.GetString(value));
    }

    public static bool IsTokenChar(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*'
            or (byte)'+' or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';

    /// <summary>Request body framing (RFC 9112 §6.3): ambiguity is an error, no framing means no body.</summary>
    public static WireFraming RequestFraming(IReadOnlyList<KeyValuePair<string, string>> headers, out long length)
    {
        length = 0;
        var te = headers.GetAll("Transfer-Encoding");
        var cl = headers.GetAll("Content-Length");
        if (te.Count > 0 && cl.Count > 0)
        {
            throw new HttpFormatException("request has both Transfer-Encoding and Content-Length");
        }

        if (te.Count > 0)
        {
            if (!LastCodingIsChunked(te))
            {
                throw new HttpFormatException("request Transfer-Encoding does not end in chunked: " + string.Join(", ", te));
            }

            return WireFraming.Chunked;
        }

        if (cl.Count > 0)
        {
            length = ParseContentLength(cl);
            return WireFraming.ContentLength;
        }

        return WireFraming.None;
    }

    /// <summary>Response body framing (RFC 9112 §6.3) given the request method and status.</summary>
    public static WireFraming ResponseFraming(string requestMethod, int status, IReadOnlyList<KeyValuePair<string, string>> headers, out long length)
    {
        length = 0;
        if (string.Equals(requestMethod, "HEAD", StringComparison.OrdinalIgnoreCase) || status < 200 || status == 204 || status == 304)
        {
            return WireFraming.None;
        }

        var te = headers.GetAll("Transfer-Encoding");
        var cl = headers.GetAll("Content-Length");
        if (te.Count > 0 && cl.Count > 0)
        {
            throw new HttpFormatException("response has both Transfer-Encoding and Content-Length");
        }

        if (te.Count > 0)
        {
            return LastCodingIsChunked(te) ? WireFraming.Chunked : WireFraming.CloseDelimited;
        }

        if (cl.Count > 0)
        {
            length = ParseContentLength(cl);
            return WireFraming.ContentLength;
        }

        return WireFraming.CloseDelimited;
    }

    private static bool LastCodingIsChunked(IReadOnlyList<string> transferEncodings)
    {
        var last = transferEncodings[^1];
        var comma = last.LastIndexOf(',');
        var coding = (comma < 0 ? last : last[(comma + 1)..]).Trim();
        return string.Equals(coding, "chunked", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Exactly one Content-Length field holding only digits; anything else is ambiguous.</summary>
    private static long ParseContentLength(IReadOnlyList<string> values)
    {
        if (values.Count != 1)
        {
            throw new HttpFormatException("more than one Content-Length field: " + string.Join(" | ", values));
        }

        var value = values[0];
        if (value.Length == 0 || value.Length > 18 || !value.All(char.IsAsciiDigit))
        {
            throw new HttpFormatException("invalid Content-Length: " + value);
        }

        return long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a chunk-size line (hex size, optional extensions); returns the size.</summary>
    public static long ParseChunkSize(string line)
    {
        var i = 0;
        long size = 0;
        while (i < line.Length && char.IsAsciiHexDigit(line[i]))
        {
            if (i >= 15)
            {
                throw new HttpFormatException("chunk size too long: " + line);
            }

            size = (size << 4) | HexValue(line[i]);
            i++;
        }

        if (i == 0)
        {
            throw new HttpFormatException("chunk size line without a hex size: \"" + line + "\"");
        }

        var rest = line.AsSpan(i).TrimStart(" \t");
        if (rest.Length > 0 && rest[0] != ';')
        {
            throw new HttpFormatException("garbage after chunk size: \"" + line + "\"");
        }

        return size;
    }

    private static long HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Reads a chunked body into <paramref name="sink"/>; returns the trailer fields.</summary>
    public static async Task<List<KeyValuePair<string, string>>> ReadChunkedAsync(
        WireReader reader, IByteSink sink, List<long>? chunkSizes, CancellationToken cancellationToken)
    {
        const int maxLine = 8 * 1024;
        while (true)
        {
            var sizeLine = await reader.ReadLineAsync(maxLine, cancellationToken).ConfigureAwait(false);
            var size = ParseChunkSize(sizeLine);
            if (size == 0)
            {
                break;
            }

            chunkSizes?.Add(size);
            await reader.ReadExactAsync(size, sink, cancellationToken).ConfigureAwait(false);
            var crlf = await reader.ReadLineAsync(maxLine, cancellationToken).ConfigureAwait(false);
            if (crlf.Length != 0)
            {
                throw new HttpFormatException("chunk data not followed by CRLF");
            }
        }

        var trailers = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var line = await reader.ReadLineAsync(maxLine, cancellationToken).ConfigureAwait(false);
            if (line.Length == 0)
            {
                return trailers;
            }

            trailers.Add(ParseField(Latin1.GetBytes(line)));
        }
    }

    /// <summary>Printable form of wire bytes for assertion messages: CR, LF and non-ASCII escaped.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes, int max = 512)
    {
        var sb = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, max)])
        {
            _ = b switch
            {
                (byte)'\r' => sb.Append("\\r"),
                (byte)'\n' => sb.Append("\\n\n"),
                (byte)'\t' => sb.Append("\\t"),
                >= 0x20 and < 0x7f => sb.Append((char)b),
                _ => sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture)),
            };
        }

        if (bytes.Length > max)
        {
            sb.Append("...(").Append(bytes.Length - max).Append(" more bytes)");
        }

        return sb.ToString();
    }
}
