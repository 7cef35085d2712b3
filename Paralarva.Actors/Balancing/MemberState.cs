using Akka.Actor;

namespace Paralarva.Actors.Balancing;

/// <summary>What a BalancerActor knows of one of its members; what strategies choose from.</summary>
internal sealed class MemberState(IActorRef actor, string name)
{
    public IActorRef Actor { get; } = actor;

    /// <summary>"address:port", the member label in logs and metrics.</summary>
    public string Name { get; } = name;
}
