using System.Buffers;
using System.Text.Json;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// Formats entries as JSON lines (UTF-8, newline-terminated); field names are the log's contract.
/// One formatter serves one pipeline: it appends lines to one reused buffer with one reused writer, and
/// the pipeline writes the pending lines out and clears them, so formatting allocates nothing per line.
/// </summary>
internal sealed class AccessLogFormatter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json;

    public AccessLogFormatter() => _json = new Utf8JsonWriter(_buffer);

    /// <summary>The lines appended since the last <see cref="Clear"/>, valid until then.</summary>
    public ReadOnlyMemory<byte> Pending => _buffer.WrittenMemory;

    public void Clear() => _buffer.ResetWrittenCount();

    public void Append(AccessLogEntry entry)
    {
        // A writer holds one JSON value: reset it for each line, onto the same buffer.
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString("time", entry.Time);
        _json.WriteString("client", entry.Client);
        _json.WriteString("method", entry.Method);
        _json.WriteString("target", entry.Target);
        _json.WriteString("host", entry.Host);
        _json.WriteString("service", entry.Service);
        _json.WriteString("member", entry.Member);
        _json.WriteNumber("status", entry.Status);
        _json.WriteNumber("bytes_in", entry.BytesIn);
        _json.WriteNumber("bytes_out", entry.BytesOut);
        _json.WriteNumber("duration_seconds", Math.Round(entry.DurationSeconds, 6));
        _json.WriteNumber("attempts", entry.Attempts);
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
    }
}
