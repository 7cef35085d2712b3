using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Paralarva.Host.Hosting;

/// <summary>
/// The unbounded mailbox of every actor that does not ask for another kind (<see cref="AkkaTuning"/> names it for
/// Akka's default mailbox and for the unbounded-queue requirement, which Akka.IO's connection actors declare):
/// Akka's <c>UnboundedMailbox</c> with a <see cref="CompactMessageQueue"/>.
/// </summary>
/// <remarks>
/// The queue has one reader. Akka also maps the many-readers requirement of its balancing dispatcher to the
/// unbounded-queue mailbox; such an actor is refused when it is made (the queue does not declare
/// <c>IMultipleConsumerSemantics</c>), never given this queue. The proxy makes none.
/// </remarks>
internal sealed class CompactMailbox : MailboxType, IProducesMessageQueue<CompactMessageQueue>
{
    /// <summary>Akka makes mailbox types from configuration with exactly these arguments.</summary>
    public CompactMailbox(Settings settings, Config config) : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}
