using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Paralarva.Actors.Balancing;

namespace Paralarva.Tests.Balancing;

/// <summary>
/// The recipients are TestActorRefs: they run on the telling thread at once, as actors do under the host's inline
/// executor, so what they received can be checked right after each step.
/// </summary>
public sealed class TellsOutsideLockTests : TestKit
{
    [Fact]
    public void Tell_InsideAScope_DeliveredWhenTheScopeEndsInOrder()
    {
        var recipient = ActorOfAsTestActorRef<Recording>();
        var gate = new object();

        using (TellsOutsideLock.Scope())
        {
            lock (gate)
            {
                TellsOutsideLock.Tell(recipient, "first");
                TellsOutsideLock.Tell(recipient, "second");
            }

            Assert.Empty(recipient.UnderlyingActor.Received);
        }

        Assert.Equal(new object[] { "first", "second" }, recipient.UnderlyingActor.Received);
    }

    [Fact]
    public void Tell_InNestedScopes_DeliveredOnlyWhenTheOutermostEnds()
    {
        var recipient = ActorOfAsTestActorRef<Recording>();

        using (TellsOutsideLock.Scope())
        {
            using (TellsOutsideLock.Scope())
                TellsOutsideLock.Tell(recipient, "inner");
            Assert.Empty(recipient.UnderlyingActor.Received);
        }

        Assert.Equal(new object[] { "inner" }, recipient.UnderlyingActor.Received);
    }

    [Fact]
    public void Tell_RecipientTellsInAScopeOfItsOwnWhileBeingFlushed_EverythingDeliveredOnce()
    {
        var last = ActorOfAsTestActorRef<Recording>();
        var relay = ActorOfAsTestActorRef<Relaying>(Props.Create(() => new Relaying(last)));

        using (TellsOutsideLock.Scope())
        {
            TellsOutsideLock.Tell(relay, "a");
            TellsOutsideLock.Tell(relay, "b");
        }

        Assert.Equal(new object[] { "a", "b" }, relay.UnderlyingActor.Received);
        Assert.Equal(new object[] { "a relayed", "b relayed" }, last.UnderlyingActor.Received);
    }

    [Fact]
    public void Tell_OutsideAnyScope_DeliveredAtOnce()
    {
        var recipient = ActorOfAsTestActorRef<Recording>();

        TellsOutsideLock.Tell(recipient, "now");

        Assert.Equal(new object[] { "now" }, recipient.UnderlyingActor.Received);
    }

    [Fact]
    public void Tell_NoTarget_Skipped()
    {
        using (TellsOutsideLock.Scope())
            TellsOutsideLock.Tell(null, "nobody");

        var recipient = ActorOfAsTestActorRef<Recording>();
        using (TellsOutsideLock.Scope())
            TellsOutsideLock.Tell(recipient, "somebody");

        Assert.Equal(new object[] { "somebody" }, recipient.UnderlyingActor.Received);
    }

    private sealed class Recording : ReceiveActor
    {
        public Recording() => ReceiveAny(Received.Add);

        public List<object> Received { get; } = new();
    }

    private sealed class Relaying : ReceiveActor
    {
        public List<object> Received { get; } = new();

        public Relaying(IActorRef next) =>
            Receive<string>(text =>
            {
                Received.Add(text);
                using (TellsOutsideLock.Scope())
                    TellsOutsideLock.Tell(next, text + " relayed");
            });
    }
}
