using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Paralarva.Actors.Config;

/// <summary>
/// Sits between the YAML parser and <c>YamlStream.Load</c>, reporting every repeated key in a mapping
/// and dropping the repeat (key and value) so that loading goes on.
/// </summary>
/// <remarks>
/// The representation model throws on the first duplicate key, which would stop validation there and
/// hide every other problem in the file; filtering the event stream keeps the promise of reporting
/// everything in one pass. The first occurrence wins; it is the one a reader of the file sees first.
/// </remarks>
internal sealed class DuplicateKeyFilter : IParser
{
    /// <summary>Deeper nesting is a syntax error.</summary>
    public const int MaxDepth = 64;

    private readonly IParser _inner;
    private readonly ConfigErrors _errors;
    private readonly Stack<Frame> _frames = new();
    private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);

    public DuplicateKeyFilter(IParser inner, ConfigErrors errors)
    {
        _inner = inner;
        _errors = errors;
    }

    public ParsingEvent? Current { get; private set; }

    /// <summary>Where the last event passed on ends: the parser failed somewhere after it.</summary>
    public Mark LastEventEnd { get; private set; } = Mark.Empty;

    /// <summary>
    /// The first alias (<c>*name</c>) naming no anchor seen before it. YamlDotNet reports that
    /// mistake without a position, so the loader takes it from here.
    /// </summary>
    public Mark? UndefinedAliasStart { get; private set; }

    /// <summary>
    /// The path of the node being read when the parser stopped: the value of the last key seen, or the
    /// collection being filled. Syntax errors report it so an operator knows which setting to look at.
    /// </summary>
    public string CurrentPath
    {
        get
        {
            if (!_frames.TryPeek(out var frame))
                return ConfigPath.Root;
            if (!frame.IsMapping)
                return ConfigPath.Item(frame.Path, frame.NextIndex);
            return frame.ExpectingKey ? frame.Path : frame.ValuePath;
        }
    }

    public bool MoveNext()
    {
        while (_inner.MoveNext())
        {
            var current = _inner.Current!;
            // The representation model recurses once per level: a file of a million '[' would overflow the
            // stack, which no catch survives. No configuration nests past a handful of levels.
            if (current is MappingStart or SequenceStart && _frames.Count >= MaxDepth)
                throw new YamlException(current.Start, current.End, "collections nested more than " + MaxDepth + " levels deep");
            if (current is Scalar key && IsRepeatedKey(key, out var frame, out var firstLine))
            {
                _errors.Add(
                    ConfigPath.Child(frame.Path, key.Value),
                    key.Start,
                    "duplicate key '" + key.Value + "' (first set on line " + firstLine + "); only the first is used");
                SkipValue();
                continue;
            }

            Track(current);
            Current = current;
            LastEventEnd = current.End;
            return true;
        }

        Current = null;
        return false;
    }

    private bool IsRepeatedKey(Scalar key, out Frame frame, out int firstLine)
    {
        firstLine = 0;
        if (!_frames.TryPeek(out frame!) || !frame.IsMapping || !frame.ExpectingKey)
            return false;
        return frame.KeyLines.TryGetValue(key.Value, out firstLine);
    }

    private void Track(ParsingEvent current)
    {
        if (current is NodeEvent { Anchor.IsEmpty: false } anchored)
            _anchors.Add(anchored.Anchor.Value);
        if (current is AnchorAlias alias && UndefinedAliasStart is null && !_anchors.Contains(alias.Value.Value))
            UndefinedAliasStart = alias.Start;

        switch (current)
        {
            case DocumentStart:
                _frames.Clear();
                _anchors.Clear();
                break;
            case Scalar scalar:
                NodePath(scalar.Value);
                NodeCompleted();
                break;
            case AnchorAlias:
                NodePath(null);
                NodeCompleted();
                break;
            case MappingStart:
                _frames.Push(new Frame(NodePath(null), isMapping: true));
                break;
            case SequenceStart:
                _frames.Push(new Frame(NodePath(null), isMapping: false));
                break;
            case MappingEnd or SequenceEnd:
                _frames.Pop();
                NodeCompleted();
                break;
        }
    }

    /// <summary>The path of the node that starts now; records it as a key when it is one.</summary>
    private string NodePath(string? scalarValue)
    {
        if (!_frames.TryPeek(out var parent))
            return ConfigPath.Root;

        if (!parent.IsMapping)
            return ConfigPath.Item(parent.Path, parent.NextIndex++);

        if (!parent.ExpectingKey)
            return parent.ValuePath;

        // A key: its own path does not matter (keys hold no settings), the value's does.
        if (scalarValue is not null)
        {
            parent.KeyLines[scalarValue] = ConfigErrors.ToLine(_inner.Current!.Start);
            parent.ValuePath = ConfigPath.Child(parent.Path, scalarValue);
        }
        else
        {
            parent.ValuePath = parent.Path;
        }

        return parent.Path;
    }

    private void NodeCompleted()
    {
        if (_frames.TryPeek(out var parent) && parent.IsMapping)
            parent.ExpectingKey = !parent.ExpectingKey;
    }

    /// <summary>Consumes the value of a dropped key: a scalar or alias, or a whole nested collection.</summary>
    private void SkipValue()
    {
        var depth = 0;
        while (_inner.MoveNext())
        {
            switch (_inner.Current)
            {
                case MappingStart or SequenceStart:
                    depth++;
                    break;
                case MappingEnd or SequenceEnd:
                    depth--;
                    break;
            }

            if (depth == 0)
                return;
        }
    }

    private sealed class Frame(string path, bool isMapping)
    {
        public string Path { get; } = path;

        public bool IsMapping { get; } = isMapping;

        public bool ExpectingKey { get; set; } = true;

        public int NextIndex { get; set; }

        public string ValuePath { get; set; } = path;

        public Dictionary<string, int> KeyLines { get; } = new(StringComparer.Ordinal);
    }
}
