using Akka.Actor;
using Akka.Dispatch;
using Akka.TestKit.Xunit2;
using Paralarva.Host.Hosting;

namespace Paralarva.Tests.Hosting;

public sealed class CompactMailboxTests : TestKit
{
    public CompactMailboxTests() : base(AkkaTuning.Hocon + TestDispatchers)
    {
    }

    /// <summary>
    /// What Akka's balancing dispatcher asks for (a queue that several actors read), and a dispatcher on the .NET
    /// thread pool that runs five messages per mailbox run.
    /// </summary>
    private const string TestDispatchers = """
        many-readers {
          type = Dispatcher
          mailbox-requirement = "Akka.Dispatch.IMultipleConsumerSemantics"
        }
        pool-in-fives {
          type = Dispatcher
          executor = thread-pool-executor
          throughput = 5
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

    [Theory]
    [InlineData("akka.actor.default-dispatcher")]
    [InlineData("pool-in-fives")]
    public void ManyThreadsTellingOneActor_EveryMessageIsProcessedInEachSendersOrder(string dispatcher)
    {
        // What this covers: a run that ends with messages left (its throughput spent, or a sender's slot claimed but
        // not yet filled) must be followed by another, or the last messages would wait for ever. The proxy's inline
        // dispatcher runs the mailbox in the senders' own tells; a thread-pool one with five messages per run leaves
        // a backlog after most runs.
        const int senders = 4;
        const int perSender = 5_000;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var counter = Sys.ActorOf(Props.Create(() => new OrderCounter(senders, senders * perSender, TestActor)).WithDispatcher(dispatcher));
            using var start = new Barrier(senders);
            var threads = Enumerable.Range(0, senders).Select(sender => new Thread(() =>
            {
                start.SignalAndWait(Patience);
                for (var i = 0; i < perSender; i++)
                    counter.Tell((sender, i));
            })).ToArray();
            foreach (var thread in threads)
                thread.Start();

            ExpectMsg("all in order", Patience);
            Assert.All(threads, thread => Assert.True(thread.Join(Patience)));
            Sys.Stop(counter);
        }
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Counts (sender, index) pairs; says "all in order" once all came, or what came out of order first.</summary>
    private sealed class OrderCounter : ReceiveActor
    {
        public OrderCounter(int senders, int total, IActorRef report)
        {
            var next = new int[senders];
            var received = 0;
            Receive<(int Sender, int Index)>(message =>
            {
                if (next[message.Sender] != message.Index)
                    report.Tell("sender " + message.Sender + " sent " + message.Index + " when " + next[message.Sender] + " was due");
                next[message.Sender] = message.Index + 1;
                if (++received == total)
                    report.Tell("all in order");
            });
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(message => Sender.Tell(message));
    }
}
