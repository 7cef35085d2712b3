using Akka.Actor;

namespace Paralarva.Actors.Balancing;

/// <summary>Messages a MemberActor tells its BalancerActor.</summary>
internal static class MemberMessages
{
    /// <summary>
    /// MemberActor → BalancerActor, on every change of the member's status. The member takes traffic
    /// (is <em>available</em>) when <paramref name="Healthy"/> (active checks; true without checks) and
    /// not <paramref name="Ejected"/> (passive outlier detection).
    /// </summary>
    public sealed record StatusChanged(IActorRef Member, bool Healthy, bool Ejected)
    {
        public bool Available => Healthy && !Ejected;
    }
}
