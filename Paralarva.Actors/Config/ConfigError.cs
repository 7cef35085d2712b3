namespace Paralarva.Actors.Config;

/// <summary>
/// One problem found in a configuration file.
/// </summary>
/// <param name="Path">
/// Where the problem is, in the style described on <see cref="ConfigPath"/> (<c>services[1].hosts[0].port</c>);
/// empty when the problem concerns the file as a whole (unreadable, not YAML).
/// </param>
/// <param name="Line">1-based line in the file; 0 when no line applies (the file could not be read).</param>
/// <param name="Message">What is wrong, phrased for the person editing the file.</param>
public sealed record ConfigError(string Path, int Line, string Message)
{
    /// <summary>Formats as <c>line 7: services[1].hosts[0].port: port 70000 is outside 1-65535</c>.</summary>
    public override string ToString()
    {
        var location = Line > 0 ? "line " + Line + ": " : string.Empty;
        var path = Path.Length > 0 ? Path + ": " : string.Empty;
        return location + path + Message;
    }
}
