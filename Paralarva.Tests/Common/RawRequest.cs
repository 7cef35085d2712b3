using System.Globalization;
using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>Builds request text for <see cref="RawHttpClient"/>; anything unusual is better written out by hand.</summary>
public static class RawRequest
{
    /// <summary><c>GET {target} HTTP/1.1</c> with Host and the given extra header lines ("Name: value").</summary>
    public static string Get(string host, string target = "/", params string[] headers) =>
        Build("GET", host, target, headers, null);

    /// <summary>A request with a Content-Length body.</summary>
    public static string WithBody(string method, string host, string target, string body, params string[] headers) =>
        Build(method, host, target, headers, body);

    /// <summary>A request whose body is sent chunked, one chunk per element of <paramref name="chunks"/>.</summary>
    public static string Chunked(string method, string host, string target, IEnumerable<string> chunks, params string[] headers)
    {
        var sb = new StringBuilder();
        AppendHead(sb, method, host, target, headers);
        sb.Length -= 2;
        sb.Append("Transfer-Encoding: chunked\r\n\r\n");
        foreach (var chunk in chunks)
        {
            sb.Append(Encoding.Latin1.GetByteCount(chunk).ToString("x", CultureInfo.InvariantCulture)).Append("\r\n").Append(chunk).Append("\r\n");
        }

        return sb.Append("0\r\n\r\n").ToString();
    }

    private static string Build(string method, string host, string target, string[] headers, string? body)
    {
        var sb = new StringBuilder();
        AppendHead(sb, method, host, target, headers);
        if (body is not null)
        {
            sb.Length -= 2;
            sb.Append("Content-Length: ").Append(Encoding.Latin1.GetByteCount(body).ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n").Append(body);
        }

        return sb.ToString();
    }

    private static void AppendHead(StringBuilder sb, string method, string host, string target, string[] headers)
    {
        sb.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\n");
        foreach (var header in headers)
        {
            sb.Append(header).Append("\r\n");
        }

        sb.Append("\r\n");
    }
}
