using Akka.Actor;
using Akka.Dispatch;
using Akka.TestKit.Xunit2;
using Paralarva.Host.Hosting;

namespace Paralarva.Tests.Hosting;

public sealed class CompactMailboxTests : TestKit
{
    public CompactMailboxTests() : base(AkkaTuning.Hocon)
    {
    }

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
