using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Paralarva.Tests.Common;

/// <summary>
/// A default mailbox that counts every message enqueued to any actor of its ActorSystem (Akka.IO's socket
/// completions, which its connection actors send themselves, included; system messages such as Watch are not
/// messages to the actor and are not counted). Enabled with <see cref="AkkaConfig"/>.
/// </summary>
public sealed class CountingMailbox(Settings settings, Akka.Configuration.Config config) : MailboxType(settings, config), IProducesMessageQueue<CountingMessageQueue>
{
    private static readonly ConcurrentDictionary<string, StrongBox> Counters = new(StringComparer.Ordinal);

    /// <summary>Akka configuration that gives every actor of a system this mailbox.</summary>
    public static readonly string AkkaConfig =
        "akka.actor.default-mailbox.mailbox-type = \"" + typeof(CountingMailbox).AssemblyQualifiedName + "\"";

    /// <summary>Messages enqueued so far in <paramref name="system"/>.</summary>
    public static long Count(ActorSystem system) => Counters.TryGetValue(system.Name, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) =>
        new CountingMessageQueue(Counters.GetOrAdd(system.Name, _ => new StrongBox()));

    public sealed class StrongBox
    {
        public long Value;
    }
}

public sealed class CountingMessageQueue(CountingMailbox.StrongBox counter) : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly ConcurrentQueue<Envelope> _queue = new();

    public bool HasMessages => !_queue.IsEmpty;

    public int Count => _queue.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        Interlocked.Increment(ref counter.Value);
        _queue.Enqueue(envelope);
    }

    public bool TryDequeue(out Envelope envelope) => _queue.TryDequeue(out envelope);

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
            deadletters.Enqueue(owner, envelope);
    }
}
