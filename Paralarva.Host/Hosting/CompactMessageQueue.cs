using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Paralarva.Host.Hosting;

/// <summary>
/// The message queue of every unbounded mailbox (<see cref="CompactMailbox"/>): many senders, one reader (the
/// mailbox's run), lock-free, starting at <see cref="FirstCapacity"/> slots.
/// </summary>
/// <remarks>
/// Akka's own queue is a <c>ConcurrentQueue</c>, whose first segment (32 slots and its cache-line padding) is about
/// 1 KB from the moment an actor is made. Each client connection has two actors (Akka.IO's connection and the
/// RequestActor) that spend most of their life with nothing or one or two messages queued, so those segments were
/// an eighth of what an idle keep-alive connection holds (bench/README.md). Here an actor starts with a ring of
/// four slots and keeps the largest backlog it has had.
/// <para>
/// The same algorithm as <c>ConcurrentQueue</c>'s segments (each slot carries a sequence number saying whose turn it
/// is; a sender claims a slot by advancing the tail with one compare-and-swap), but with one reader: the reader
/// needs no compare-and-swap, which keeps a send and a receive no dearer than Akka's queue. (A lock-guarded ring and
/// a linked list with a node per message were both measured dearer: bench/README.md, 2026-12-07.) A full ring is
/// sealed by a sender, which links a ring twice its size after it; the reader drains the sealed ring, then moves to
/// the next. Positions are 64-bit, so they do not wrap in the life of a process.
/// </para>
/// <para>
/// A slot claimed but not yet filled reads as empty. Akka's mailbox allows that: the sender that filled it asks for
/// the mailbox to run afterwards, as it does with Akka's queue.
/// </para>
/// </remarks>
internal sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    /// <summary>Slots of the first ring.</summary>
    public const int FirstCapacity = 4;

    /// <summary>The largest ring; a longer backlog chains rings of this size.</summary>
    public const int MaxCapacity = 1024;

    private Ring _reading;
    private long _readPosition;
    private Ring _writing;

    public CompactMessageQueue()
    {
        _reading = _writing = new Ring(FirstCapacity);
    }

    /// <summary>Slots of the ring senders write into now, for tests.</summary>
    public int Capacity => Volatile.Read(ref _writing).Capacity;

    public bool HasMessages
    {
        get
        {
            var ring = _reading;
            var position = _readPosition;
            do
            {
                if (ring.IsFilled(position))
                    return true;
            }
            while (MoveToNext(ref ring, ref position));

            return false;
        }
    }

    /// <summary>Messages queued; exact when nothing is being sent or received meanwhile, as Akka's is.</summary>
    public int Count
    {
        get
        {
            long count = 0;
            var position = _readPosition;
            for (var ring = _reading; ring is not null; ring = ring.Next, position = 0)
                count += Math.Max(0, ring.Claimed - position);
            return (int)Math.Min(count, int.MaxValue);
        }
    }

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        while (true)
        {
            var ring = Volatile.Read(ref _writing);
            if (ring.TryWrite(envelope))
                return;
            var next = ring.Next ?? ring.LinkNext(new Ring(Math.Min(ring.Capacity * 2, MaxCapacity)));
            Interlocked.CompareExchange(ref _writing, next, ring);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        do
        {
            if (_reading.TryRead(_readPosition, out envelope))
            {
                _readPosition++;
                return true;
            }
        }
        while (MoveToNext(ref _reading, ref _readPosition));

        return false;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
            deadletters.Enqueue(owner, envelope);
    }

    /// <summary>Steps to the next ring once this one is sealed and read to its end.</summary>
    private static bool MoveToNext(ref Ring ring, ref long position)
    {
        var next = ring.NextOnceDrained(position);
        if (next is null)
            return false;
        ring = next;
        position = 0;
        return true;
    }

    /// <summary>One ring of slots; sealed for writing once full, and then followed by <see cref="Next"/>.</summary>
    private sealed class Ring
    {
        /// <summary>Set in <see cref="_tail"/> when no sender may claim a slot here any more.</summary>
        private const long Sealed = 1L << 62;

        private readonly Slot[] _slots;
        private readonly int _mask;
        private long _tail;
        private Ring? _next;

        public Ring(int capacity)
        {
            _slots = new Slot[capacity];
            _mask = capacity - 1;
            for (var i = 0; i < capacity; i++)
                _slots[i].Turn = i;
        }

        public int Capacity => _slots.Length;

        public Ring? Next => Volatile.Read(ref _next);

        /// <summary>Slots claimed by senders so far, filled or not.</summary>
        public long Claimed => Volatile.Read(ref _tail) & ~Sealed;

        public bool TryWrite(in Envelope envelope)
        {
            while (true)
            {
                var position = Volatile.Read(ref _tail);
                if ((position & Sealed) != 0)
                    return false;
                ref var slot = ref _slots[position & _mask];
                var turn = Volatile.Read(ref slot.Turn);
                if (turn == position)
                {
                    if (Interlocked.CompareExchange(ref _tail, position + 1, position) != position)
                        continue;
                    slot.Envelope = envelope;
                    Volatile.Write(ref slot.Turn, position + 1);
                    return true;
                }

                // The slot still holds the message of the previous lap: the ring is full.
                if (turn < position && Interlocked.CompareExchange(ref _tail, position | Sealed, position) == position)
                    return false;
            }
        }

        public Ring LinkNext(Ring fresh) => Interlocked.CompareExchange(ref _next, fresh, null) ?? fresh;

        public bool IsFilled(long position) => Volatile.Read(ref _slots[position & _mask].Turn) == position + 1;

        public bool TryRead(long position, out Envelope envelope)
        {
            ref var slot = ref _slots[position & _mask];
            if (Volatile.Read(ref slot.Turn) != position + 1)
            {
                envelope = default;
                return false;
            }

            envelope = slot.Envelope;
            slot.Envelope = default;
            Volatile.Write(ref slot.Turn, position + _slots.Length);
            return true;
        }

        /// <summary>The ring to read after this one, once it is sealed and read up to its last claimed slot.</summary>
        public Ring? NextOnceDrained(long position) =>
            Volatile.Read(ref _tail) == (position | Sealed) ? Next : null;
    }

    private struct Slot
    {
        public Envelope Envelope;

        /// <summary>The position a sender may write here at, or that position plus one once written.</summary>
        public long Turn;
    }
}
