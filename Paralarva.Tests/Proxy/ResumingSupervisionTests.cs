using Akka.Actor;
using Paralarva.Actors.Proxy;

namespace Paralarva.Tests.Proxy;

public class ResumingSupervisionTests
{
    [Fact]
    public void Decide_ChildThrewWhileHandlingAMessage_ResumedWithItsState()
    {
        // A restarted MemberActor forgot its queued requests and the connections it was opening, which then
        // arrived uncounted: the per-member limit was once seen exceeded (6 open for a limit of 3).
        Assert.Equal(Directive.Resume, ResumingSupervision.Decide(new InvalidOperationException("bug in a handler")));
        Assert.Equal(Directive.Resume, ResumingSupervision.Decide(new NullReferenceException()));
    }

    [Fact]
    public void Decide_ChildCannotRunOrWasKilled_Stopped()
    {
        var self = ActorRefs.Nobody;
        Assert.Equal(Directive.Stop, ResumingSupervision.Decide(new ActorInitializationException(self, "constructor threw", new InvalidOperationException())));
        Assert.Equal(Directive.Stop, ResumingSupervision.Decide(new ActorKilledException("Kill")));
        Assert.Equal(Directive.Stop, ResumingSupervision.Decide(new DeathPactException(self)));
    }
}
