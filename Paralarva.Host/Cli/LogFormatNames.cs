namespace Paralarva.Host.Cli;

/// <summary>The <c>--log-format</c> names: one line per entry for people, one JSON object per line for log shippers.</summary>
internal static class LogFormatNames
{
    public const string Text = "text";
    public const string Json = "json";

    public const string Default = Text;

    public static readonly string[] All = [Text, Json];
}
