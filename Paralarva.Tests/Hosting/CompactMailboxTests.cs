using Akka.Actor;
using Akka.Dispatch;
using Akka.TestKit.Xunit2;
using Paralarva.Host.Hosting;

namespace Paralarva.Tests.Hosting;

public sealed class CompactMailboxTests : TestKit
{
    public CompactMailboxTests() : base(AkkaTuning.Hocon + ManyReadersMailbox)
    {
    }

    /// <summary>What Akka's balancing dispatcher asks for: a queue that several actors read.</summary>
    private const string ManyReadersMailbox = """
        many-readers {
          type = Dispatcher
          mailbox-requirement = "Akka.Dispatch.IMultipleConsumerSemantics"
        }
        """;

    [Fact]
    public void DefaultMailbox_IsTheCompactOne()
    {
        Assert.IsType<CompactMailbox>(Sys.Mailboxes.Lookup(Mailboxes.DefaultMailboxId));
    }

    [Fact]
    public void UnboundedQueueRequirement_OfAkkaIoConnections_GetsTheCompactOne()
    {
        Assert.IsType<CompactMailbox>(Sys.Mailboxes.LookupByQueueType(typeof(IUnboundedMessageQueueSemantics)));
    }

    [Fact]
    public void ActorNeedingManyReaders_IsRefusedNotGivenTheOneReaderQueue()
    {
        var props = Props.Create(() => new Echo()).WithDispatcher("many-readers");

        var refused = Assert.ThrowsAny<Exception>(() => Sys.ActorOf(props));

        Assert.Contains(nameof(IMultipleConsumerSemantics), (refused.InnerException ?? refused).Message);
    }

    [Fact]
    public void Actor_OnTheCompactMailbox_ReceivesABacklogInOrder()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()));
        const int backlog = 1_000;

        for (var i = 0; i < backlog; i++)
            echo.Tell(i, TestActor);

        for (var i = 0; i < backlog; i++)
            ExpectMsg(i);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }
}
