using System.Buffers;

namespace Paralarva.Actors.Http;

/// <summary>
/// The copied bytes of one head and the index of its field lines. Owned by a <see cref="RequestHead"/> or
/// <see cref="ResponseHead"/>; both arrays are rented from the shared pools, grow only, and are given back by
/// <see cref="Release"/> when their owner is dropped (a connection that stops with an exchange in hand); between
/// exchanges they travel with the heads in the pooled exchange parts, so an idle keep-alive connection holds neither
/// (they were about 930 bytes of each idle connection, bench/README.md, 2026-12-07 evening). Spans read from the
/// table are valid until the next <see cref="Load"/> or <see cref="Release"/>.
/// </summary>
internal sealed class FieldTable
{
    /// <summary>The smallest byte array rented: a typical head fits, and the pool keeps this size.</summary>
    private const int MinimumBytes = 256;

    /// <summary>The fewest field slots rented (the pool's smallest size).</summary>
    private const int MinimumFields = 16;

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
        {
            ReturnBytes();
            _bytes = ArrayPool<byte>.Shared.Rent(Math.Max(head.Length, MinimumBytes));
        }

        head.CopyTo(_bytes);
        Length = head.Length;
        Count = 0;
    }

    /// <summary>The message was handled: both arrays go back to their pools until the next <see cref="Load"/>.</summary>
    public void Release()
    {
        ReturnBytes();
        if (_fields.Length > 0)
            ArrayPool<HeaderField>.Shared.Return(_fields);
        _fields = [];
        Length = 0;
        Count = 0;
    }

    private void ReturnBytes()
    {
        if (_bytes.Length > 0)
            ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }

    public void Add(int nameStart, int nameLength, int valueStart, int valueLength, FieldKind kind)
    {
        if (Count == _fields.Length)
            GrowFields();
        _fields[Count++] = new HeaderField
        {
            NameStart = nameStart,
            NameLength = nameLength,
            ValueStart = valueStart,
            ValueLength = valueLength,
            Kind = kind,
        };
    }

    private void GrowFields()
    {
        var grown = ArrayPool<HeaderField>.Shared.Rent(Math.Max(MinimumFields, _fields.Length * 2));
        _fields.AsSpan(0, Count).CopyTo(grown);
        if (_fields.Length > 0)
            ArrayPool<HeaderField>.Shared.Return(_fields);
        _fields = grown;
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
