using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>Collects problems while a file is read, so that one pass reports all of them.</summary>
internal sealed class ConfigErrors
{
    private readonly List<ConfigError> _errors = [];

    public int Count => _errors.Count;

    public void Add(string path, YamlNode node, string message) => Add(path, node.Start, message);

    public void Add(string path, Mark mark, string message) => Add(path, ToLine(mark), message);

    public void Add(string path, int line, string message) => _errors.Add(new ConfigError(path, line, message));

    /// <summary>Errors in file order (stable, so errors on one line keep the order they were found in).</summary>
    public ImmutableArray<ConfigError> ToImmutable() =>
        [.. _errors.OrderBy(static e => e.Line)];

    public static int ToLine(Mark mark) => mark.Line > int.MaxValue ? int.MaxValue : (int)mark.Line;
}
