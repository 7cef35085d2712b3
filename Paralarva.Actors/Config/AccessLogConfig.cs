namespace Paralarva.Actors.Config;

/// <summary>
/// Optional <c>proxy.access_log</c>: <c>off</c> (default), <c>stdout</c>, or a file path that lines are appended to.
/// </summary>
public sealed record AccessLogConfig(AccessLogTarget Target, string? FilePath)
{
    public static readonly AccessLogConfig Off = new(AccessLogTarget.Off, null);
    public static readonly AccessLogConfig Stdout = new(AccessLogTarget.Stdout, null);

    public static AccessLogConfig File(string path) => new(AccessLogTarget.File, path);
}
