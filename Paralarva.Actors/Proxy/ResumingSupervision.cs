using Akka.Actor;

namespace Paralarva.Actors.Proxy;

/// <summary>
/// How the proxy's long-lived actors supervise their children (services under the ProxyActor, members under
/// their BalancerActor): a child that throws is resumed, not restarted. A restart would rebuild the child from
/// its Props, so it would come back with the settings it was started with rather than those the last reload
/// gave it, stop all its own children, and forget its state: a MemberActor would forget its queued
/// requests, which then wait for their timeout. It would also forget the connections it is opening, which
/// then arrive uncounted and let the member's connection limit be exceeded. Resuming loses only the message.
/// </summary>
internal static class ResumingSupervision
{
    public static SupervisorStrategy Create() => new OneForOneStrategy(Decide);

    public static Directive Decide(Exception cause) => cause switch
    {
        // The child cannot run at all (its constructor threw) or was told to die: nothing to resume.
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Resume,
    };
}
