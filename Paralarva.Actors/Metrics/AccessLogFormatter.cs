using System.Buffers;
using System.Text.Json;

namespace Paralarva.Actors.Metrics;

/// <summary>
/// Formats entries as JSON lines (UTF-8, newline-terminated); field names are the log's contract.
/// One formatter serves one pipeline: it reuses its buffer and writer, so a batch of lines costs no
/// allocation beyond the buffer growing once to the largest batch.
/// </summary>
internal sealed class AccessLogFormatter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;

    public AccessLogFormatter() => _json = new Utf8JsonWriter(_buffer);

    /// <summary>The lines of <paramref name="entries"/>, valid until the next call.</summary>
    public ReadOnlyMemory<byte> Format(IEnumerable<AccessLogEntry> entries)
    {
        _buffer.ResetWrittenCount();
        foreach (var entry in entries)
            WriteLine(entry);
        return _buffer.WrittenMemory;
    }

    private void WriteLine(AccessLogEntry entry)
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
