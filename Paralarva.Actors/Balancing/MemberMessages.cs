using Akka.Actor;

namespace Paralarva.Actors.Balancing;

/// <summary>Messages from a MemberActor to its BalancerActor.</summary>
internal static class MemberMessages
{
    /// <summary>
    /// MemberActor → BalancerActor, on every change: the member takes traffic only while it is
    /// <paramref name="Healthy"/> (active checks) and not <paramref name="Ejected"/> (passive ejection).
    /// </summary>
    public sealed record StatusChanged(IActorRef Member, bool Healthy, bool Ejected)
    {
        public bool Available => Healthy && !Ejected;
    }
}
