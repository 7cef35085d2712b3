using System.Buffers;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Paralarva.Host.Demo;

/// <summary>
/// The demo members' one answer, to any method and path:
/// <c>Hello from demo member 127.0.0.1:9001 (POST /upload), received 5 bytes</c>. The member is named
/// by the connection's local endpoint, so answers alternating between members show the balancing.
/// </summary>
internal static class DemoResponder
{
    private const int BufferSize = 16 * 1024;

    public static async Task RespondAsync(HttpContext context)
    {
        var request = context.Request;
        var connection = context.Connection;
        var member = connection.LocalIpAddress is { } ip
            ? new IPEndPoint(ip, connection.LocalPort).ToString()
            : "port " + connection.LocalPort.ToString(CultureInfo.InvariantCulture);
        var text = "Hello from demo member " + member + " (" + request.Method + " " + request.Path + request.QueryString + ")";

        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false;
        if (canHaveBody || HttpMethods.IsPost(request.Method))
        {
            var received = await CountBodyBytesAsync(request.Body, context.RequestAborted);
            text += ", received " + received.ToString(CultureInfo.InvariantCulture) + " bytes";
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }

    // Counted, not buffered: an upload of any size costs one pooled buffer.
    private static async Task<long> CountBodyBytesAsync(Stream body, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
                total += read;
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
