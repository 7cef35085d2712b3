using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Paralarva.Tests.Common;

/// <summary>
/// A mailbox that counts every message enqueued to any actor of its ActorSystem (Akka.IO's socket completions, which
/// its connection actors send themselves, included; system messages such as Watch are not messages to the actor and
/// are not counted). Enabled with <see cref="AkkaConfig"/>, which must also replace the mailbox that Akka maps to
/// <see cref="IUnboundedMessageQueueSemantics"/>: Akka.IO's connection actors require that semantics, so they get
/// that mailbox, not the default one.
/// </summary>
public sealed class CountingMailbox(Settings settings, Akka.Configuration.Config config) : MailboxType(settings, config), IProducesMessageQueue<CountingMessageQueue>
{
    private static readonly ConcurrentDictionary<string, StrongBox> Counters = new(StringComparer.Ordinal);

    /// <summary>Akka configuration that gives every actor of a system this mailbox.</summary>
    public static readonly string AkkaConfig =
        "akka.actor.default-mailbox.mailbox-type = \"" + typeof(CountingMailbox).AssemblyQualifiedName + "\"\n"
        + "akka.actor.mailbox.unbounded-queue-based.mailbox-type = \"" + typeof(CountingMailbox).AssemblyQualifiedName + "\"";

    /// <summary>Where Akka.IO's TCP actors live: its manager, listeners and connections.</summary>
    private const string AkkaIoTcpPath = "/system/IO-TCP";

    /// <summary>Messages enqueued so far in <paramref name="system"/>.</summary>
    public static long Count(ActorSystem system) => Counters.TryGetValue(system.Name, out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>Of <see cref="Count"/>, the messages to Akka.IO's TCP actors.</summary>
    public static long CountAkkaIo(ActorSystem system) => Count(AkkaIoKey(system));

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) =>
        new CountingMessageQueue(
            Counters.GetOrAdd(system.Name, _ => new StrongBox()),
            owner.Path.ToStringWithoutAddress().StartsWith(AkkaIoTcpPath, StringComparison.Ordinal)
                ? Counters.GetOrAdd(AkkaIoKey(system), _ => new StrongBox())
                : null);

    private static string AkkaIoKey(ActorSystem system) => system.Name + AkkaIoTcpPath;

    private static long Count(string key) => Counters.TryGetValue(key, out var box) ? Interlocked.Read(ref box.Value) : 0;

    public sealed class StrongBox
    {
        public long Value;
    }
}

/// <param name="counter">Every message of the system.</param>
/// <param name="akkaIoCounter">Also counts this queue's messages when its owner is one of Akka.IO's actors; else null.</param>
public sealed class CountingMessageQueue(CountingMailbox.StrongBox counter, CountingMailbox.StrongBox? akkaIoCounter) : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly ConcurrentQueue<Envelope> _queue = new();

    public bool HasMessages => !_queue.IsEmpty;

    public int Count => _queue.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        Interlocked.Increment(ref counter.Value);
        if (akkaIoCounter is not null)
            Interlocked.Increment(ref akkaIoCounter.Value);
        _queue.Enqueue(envelope);
    }

    public bool TryDequeue(out Envelope envelope) => _queue.TryDequeue(out envelope);

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
            deadletters.Enqueue(owner, envelope);
    }
}
