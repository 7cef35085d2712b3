using System.Diagnostics.CodeAnalysis;
using System.Security;
using System.Text;
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
        return TryReadFile(path, out var bytes, out var failure) ? LoadBytes(bytes) : failure;
    }

    /// <summary>
    /// Reads the file's bytes, or yields the failed load that says why it cannot be read (the same
    /// message at start-up and on a reload). The reloader hashes the bytes before loading them.
    /// </summary>
    public static bool TryReadFile(string path, out byte[] bytes, [NotNullWhen(false)] out ConfigLoadResult? failure)
    {
        ArgumentNullException.ThrowIfNull(path);
        bytes = [];
        failure = null;
        try
        {
            bytes = File.ReadAllBytes(path);
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            failure = FileError("configuration file '" + path + "' not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SecurityException
                                      or ArgumentException or NotSupportedException)
        {
            failure = FileError("cannot read configuration file '" + path + "': " + e.Message);
        }

        return false;
    }

    /// <summary>Loads a file's content; a valid configuration carries the content's <see cref="ConfigHash"/>.</summary>
    public static ConfigLoadResult LoadBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);

        // Decoded as File.ReadAllText decodes: UTF-8 unless a byte order mark says otherwise.
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var result = LoadText(reader.ReadToEnd());
        return result.IsValid
            ? ConfigLoadResult.Success(result.Config with { SourceHash = ConfigHash.Of(bytes) })
            : result;
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
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these instead of a YamlException on some malformed texts, found by fuzzing (each is in
            // fuzz/regressions/config): its scanner when the text ends inside an unclosed flow collection after a plain
            // scalar ("a: [\n  b: {\n"), its node loader on an empty key at the wrong indentation ("a:\n   : 1\n b: 2\n").
            errors.Add(ConfigPath.Root, ConfigErrors.ToLine(filter.LastEventEnd), "YAML syntax error: the text cannot be read as YAML after this line");
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
