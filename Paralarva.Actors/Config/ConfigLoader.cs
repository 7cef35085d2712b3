using System.Security;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// Loads and validates a configuration file in one pass, reporting every problem with its line and
/// path (see <see cref="ConfigPath"/>); a file with any problem yields no configuration at all.
/// </summary>
/// <remarks>
/// The YAML representation model is used rather than deserialization into classes because every node
/// keeps its position: each error points at the line to fix, and type mismatches, unknown keys and
/// missing keys are all found by walking the same tree.
/// </remarks>
public static class ConfigLoader
{
    public static ConfigLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return FileError("configuration file '" + path + "' not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException
                                      or ArgumentException or NotSupportedException)
        {
            return FileError("cannot read configuration file '" + path + "': " + e.Message);
        }

        return LoadText(text);
    }

    public static ConfigLoadResult LoadText(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);

        var errors = new ConfigErrors();
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        var filter = new DuplicateKeyFilter(new Parser(reader), errors);
        try
        {
            stream.Load(filter);
        }
        catch (YamlException e)
        {
            // Syntax errors stop the parser: what came before may be fine, but nothing after can be read.
            errors.Add(ConfigPath.Root, SyntaxErrorLine.Find(e, yaml, filter), "YAML syntax error: " + e.Message);
            return ConfigLoadResult.Failure(errors.ToImmutable());
        }

        var config = ProxySectionReader.Read(stream, errors);
        return config is not null && errors.Count == 0
            ? ConfigLoadResult.Success(config)
            : ConfigLoadResult.Failure(errors.ToImmutable());
    }

    private static ConfigLoadResult FileError(string message) =>
        ConfigLoadResult.Failure([new ConfigError(ConfigPath.Root, 0, message)]);
}
