using System.Globalization;
using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>Writes a <see cref="OriginResponseKind.Normal"/> response: head, then the body in pieces.</summary>
internal static class OriginResponseWriter
{
    private const int BlockSize = 64 * 1024;
    private const int CoalesceLimit = 16 * 1024;

    public static bool HasBody(OriginRequest request, OriginResponse response) =>
        request.Method != "HEAD" && !IsBodiless(response.Status);

    private static bool IsBodiless(int status) => status < 200 || status == 204 || status == 304;

    public static async Task WriteAsync(OriginConnection connection, OriginRequest request, OriginResponse response, CancellationToken cancellationToken)
    {
        var head = BuildHead(request, response);
        var length = response.BodyLength;
        var hasBody = HasBody(request, response);
        var chunked = response.Framing == WireFraming.Chunked;
        var pieces = Math.Max(1, response.Pieces);

        if (!hasBody || (pieces == 1 && response.BeforePiece is null && length <= CoalesceLimit))
        {
            // Small answers leave in one write, as real servers do.
            using var whole = new MemoryStream();
            whole.Write(head);
            if (hasBody)
            {
                var body = new byte[length];
                CopyBody(response, body, 0);
                if (chunked && length > 0)
                {
                    whole.Write(ChunkHeader(length));
                }

                whole.Write(body);
                if (chunked)
                {
                    whole.Write(length > 0 ? "\r\n"u8 : default);
                    whole.Write(LastChunk(response));
                }
            }

            await connection.SendAsync(whole.ToArray()).ConfigureAwait(false);
            return;
        }

        await connection.SendAsync(head).ConfigureAwait(false);
        var block = new byte[(int)Math.Min(BlockSize, Math.Max(1, length))];
        for (var i = 0; i < pieces; i++)
        {
            var from = length * i / pieces;
            var to = length * (i + 1) / pieces;
            if (response.BeforePiece is not null)
            {
                await response.BeforePiece(i).WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            if (i > 0 && response.PieceDelay > TimeSpan.Zero)
            {
                await Task.Delay(response.PieceDelay, cancellationToken).ConfigureAwait(false);
            }

            if (to == from)
            {
                continue;
            }

            if (chunked)
            {
                await connection.SendAsync(ChunkHeader(to - from)).ConfigureAwait(false);
            }

            for (var offset = from; offset < to; offset += block.Length)
            {
                var n = (int)Math.Min(block.Length, to - offset);
                CopyBody(response, block.AsSpan(0, n), offset);
                await connection.SendAsync(block.AsMemory(0, n)).ConfigureAwait(false);
            }

            if (chunked)
            {
                await connection.SendAsync("\r\n"u8.ToArray()).ConfigureAwait(false);
            }
        }

        if (chunked)
        {
            await connection.SendAsync(LastChunk(response)).ConfigureAwait(false);
        }
    }

    private static void CopyBody(OriginResponse response, Span<byte> destination, long offset)
    {
        if (response.GeneratedBodyLength >= 0)
        {
            BodyPattern.Fill(destination, offset);
        }
        else
        {
            response.Body.Span.Slice((int)offset, destination.Length).CopyTo(destination);
        }
    }

    private static byte[] BuildHead(OriginRequest request, OriginResponse response)
    {
        var sb = new StringBuilder();
        sb.Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(response.Reason ?? ReasonPhrase(response.Status)).Append("\r\n");
        foreach (var header in response.Headers)
        {
            sb.Append(header.Key).Append(": ").Append(header.Value).Append("\r\n");
        }

        if (!IsBodiless(response.Status))
        {
            if (response.Framing == WireFraming.ContentLength && !response.Headers.Has("Content-Length"))
            {
                sb.Append("Content-Length: ").Append(response.BodyLength.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }
            else if (response.Framing == WireFraming.Chunked && !response.Headers.Has("Transfer-Encoding"))
            {
                sb.Append("Transfer-Encoding: chunked\r\n");
            }
        }

        if ((response.CloseAfter || OriginConnection.WantsClose(request)) && !response.Headers.Has("Connection"))
        {
            sb.Append("Connection: close\r\n");
        }

        sb.Append("\r\n");
        return HttpWire.Latin1.GetBytes(sb.ToString());
    }

    private static byte[] ChunkHeader(long size) =>
        HttpWire.Latin1.GetBytes(size.ToString("X", CultureInfo.InvariantCulture) + "\r\n");

    private static byte[] LastChunk(OriginResponse response)
    {
        var sb = new StringBuilder("0\r\n");
        foreach (var trailer in response.Trailers)
        {
            sb.Append(trailer.Key).Append(": ").Append(trailer.Value).Append("\r\n");
        }

        sb.Append("\r\n");
        return HttpWire.Latin1.GetBytes(sb.ToString());
    }

    public static string ReasonPhrase(int status) => status switch
    {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };
}
