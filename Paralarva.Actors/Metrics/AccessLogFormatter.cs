using System.Buffers;
using System.Text.Json;

namespace Paralarva.Actors.Metrics;

/// <summary>Formats an entry as one JSON line (UTF-8, newline-terminated); field names are the log's contract.</summary>
internal static class AccessLogFormatter
{
    public static byte[] ToJsonLine(AccessLogEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", entry.Time);
            json.WriteString("client", entry.Client);
            json.WriteString("method", entry.Method);
            json.WriteString("target", entry.Target);
            json.WriteString("host", entry.Host);
            json.WriteString("service", entry.Service);
            json.WriteString("member", entry.Member);
            json.WriteNumber("status", entry.Status);
            json.WriteNumber("bytes_in", entry.BytesIn);
            json.WriteNumber("bytes_out", entry.BytesOut);
            json.WriteNumber("duration_seconds", Math.Round(entry.DurationSeconds, 6));
            json.WriteNumber("attempts", entry.Attempts);
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
