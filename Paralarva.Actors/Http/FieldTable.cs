namespace Paralarva.Actors.Http;

/// <summary>
/// The copied bytes of one head and the index of its field lines. Owned by a <see cref="RequestHead"/> or
/// <see cref="ResponseHead"/> and reused for every message on the connection: both arrays only grow, so a
/// keep-alive connection parses its heads without allocating once it has seen its largest one.
/// </summary>
internal sealed class FieldTable
{
    // Empty until the first head, then sized to it: every client connection owns two tables (request and
    // response), and fixed 1 KiB + 16-field arrays made up 2.8 KB of each idle connection (bench/README.md).
    private byte[] _bytes = [];
    private HeaderField[] _fields = [];

    public int Count { get; private set; }

    /// <summary>The copied head; offsets in <see cref="HeaderField"/> point into it.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, Length);

    public int Length { get; private set; }

    public ref readonly HeaderField this[int index] => ref _fields[index];

    /// <summary>Copies <paramref name="head"/> in and forgets the previous message's fields.</summary>
    public void Load(ReadOnlySpan<byte> head)
    {
        if (_bytes.Length < head.Length)
            _bytes = new byte[Math.Max((head.Length + 255) & ~255, _bytes.Length * 2)];
        head.CopyTo(_bytes);
        Length = head.Length;
        Count = 0;
    }

    public void Add(int nameStart, int nameLength, int valueStart, int valueLength, FieldKind kind)
    {
        if (Count == _fields.Length)
            Array.Resize(ref _fields, Math.Max(8, _fields.Length * 2));
        _fields[Count++] = new HeaderField
        {
            NameStart = nameStart,
            NameLength = nameLength,
            ValueStart = valueStart,
            ValueLength = valueLength,
            Kind = kind,
        };
    }

    public ReadOnlySpan<byte> Name(int index) => _bytes.AsSpan(_fields[index].NameStart, _fields[index].NameLength);

    public ReadOnlySpan<byte> Value(int index) => _bytes.AsSpan(_fields[index].ValueStart, _fields[index].ValueLength);

    public ReadOnlySpan<byte> Slice(int start, int length) => _bytes.AsSpan(start, length);

    public void MarkNamedByConnection(int index) => _fields[index].NamedByConnection = true;

    /// <summary>Index of the first field of <paramref name="kind"/>, or -1.</summary>
    public int IndexOf(FieldKind kind, int from = 0)
    {
        for (var i = from; i < Count; i++)
        {
            if (_fields[i].Kind == kind)
                return i;
        }

        return -1;
    }
}
