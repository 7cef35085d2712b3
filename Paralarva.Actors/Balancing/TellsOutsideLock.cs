using Akka.Actor;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// Tells made while a lock is held, sent once the outermost scope on this thread has let it go.
/// </summary>
/// <remarks>
/// <see cref="MemberConnection"/> meets actor threads and socket completion threads under one lock. Actors may run on
/// the thread that tells them (the host's inline executor runs a mailbox where it became runnable), so a tell made
/// under the lock could run the lessee or the balancer inside it: the lock would be held across their whole turn,
/// and two connections' completions, each running a chain that wants the other's lock, would deadlock. A locked
/// section therefore only records its tells; the scope sends them, in order, after the lock is released.
/// </remarks>
internal static class TellsOutsideLock
{
    [ThreadStatic] private static List<(IActorRef Target, object Message)>? _pending;
    [ThreadStatic] private static int _depth;

    /// <summary>Open before taking the lock (<c>using (TellsOutsideLock.Scope()) lock (gate) { … }</c>).</summary>
    public static Flush Scope()
    {
        _depth++;
        return default;
    }

    /// <summary>Tells at once outside any scope; a null target (no lessee) is skipped, as <c>?.Tell</c> would.</summary>
    public static void Tell(IActorRef? target, object message)
    {
        if (target is null)
            return;
        if (_depth == 0)
            target.Tell(message);
        else
            (_pending ??= new List<(IActorRef, object)>(4)).Add((target, message));
    }

    public readonly struct Flush : IDisposable
    {
        public void Dispose()
        {
            if (--_depth > 0 || _pending is not { Count: > 0 } pending)
                return;
            // A tell below may run an actor that takes a lock of its own on this thread and flushes its own tells:
            // it starts from an empty list, not this one.
            _pending = null;
            foreach (var (target, message) in pending)
                target.Tell(message);

            pending.Clear();
            _pending ??= pending;
        }
    }
}
