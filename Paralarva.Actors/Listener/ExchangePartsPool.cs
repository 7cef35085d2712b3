namespace Paralarva.Actors.Listener;

/// <summary>
/// The <see cref="ExchangeParts"/> of exchanges that ended, for the next exchange of any client connection: as many
/// sets are made as exchanges run at once, not one per connection. Bounded; a set beyond the bound, or one made for
/// settings a reload replaced, is left to the garbage collector. Taken and given back once per request, under a lock
/// held for a push or a pop. The proxy uses <see cref="Shared"/> (through <see cref="ConnectionContext.PartsPool"/>).
/// </summary>
internal sealed class ExchangePartsPool(int capacity = ExchangePartsPool.DefaultCapacity)
{
    public const int DefaultCapacity = 256;

    public static ExchangePartsPool Shared { get; } = new();

    private readonly Stack<ExchangeParts> _idle = new();
    private readonly Lock _gate = new();

    /// <summary>Sets waiting to be taken.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _idle.Count;
        }
    }

    /// <summary>A set made for <paramref name="context"/>: one given back, or a new one.</summary>
    public ExchangeParts Take(ConnectionContext context)
    {
        lock (_gate)
        {
            while (_idle.TryPop(out var parts))
            {
                if (ReferenceEquals(parts.Context, context))
                    return parts;
            }
        }

        return new ExchangeParts(context);
    }

    /// <param name="parts">Reset, and no longer used by the connection that gives it back.</param>
    public void Return(ExchangeParts parts)
    {
        lock (_gate)
        {
            if (_idle.Count < capacity)
                _idle.Push(parts);
        }
    }
}
