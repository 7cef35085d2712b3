using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Paralarva.Host.Cli;

namespace Paralarva.Host.Hosting;

/// <summary>
/// <c>--log-format</c>: <c>text</c> is one line per entry (exceptions folded into it) for people and <c>kubectl logs</c>;
/// <c>json</c> is one object per line through the framework's JSON console formatter for log shippers (Fluent Bit,
/// Vector, Promtail): Timestamp, EventId, LogLevel, Category, Message, Exception (one string), and State with the
/// structured fields. Timestamps are UTC, ISO 8601, to the millisecond.
/// </summary>
internal static class LogFormats
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    public static void Configure(ILoggingBuilder logging, string format)
    {
        logging.ClearProviders();
        if (format == LogFormatNames.Json)
        {
            logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = TimestampFormat;
                options.IncludeScopes = false;
                options.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
            return;
        }

        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = TimestampFormat + " ";
            options.IncludeScopes = false;
        });
    }
}
