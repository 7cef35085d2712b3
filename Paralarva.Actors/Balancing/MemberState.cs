using Akka.Actor;

namespace Paralarva.Actors.Balancing;

/// <summary>What a BalancerActor knows of one of its members; what strategies choose from.</summary>
internal sealed class MemberState(IActorRef actor, string name, int weight = 1, MemberLoad? load = null)
{
    public IActorRef Actor { get; } = actor;

    /// <summary>"address:port", the member label in logs and metrics.</summary>
    public string Name { get; } = name;

    /// <summary>Relative share of the traffic, at least 1.</summary>
    public int Weight { get; } = weight;

    public MemberLoad Load { get; } = load ?? new MemberLoad();

    public bool Healthy { get; set; } = true;

    public bool Ejected { get; set; }

    public bool Available => Healthy && !Ejected;

    /// <summary>This member with another weight (a reload changed it): same actor, load and status.</summary>
    public MemberState WithWeight(int weight) => new(Actor, Name, weight, Load) { Healthy = Healthy, Ejected = Ejected };

    /// <summary>Smooth weighted round robin's running weight (nginx's algorithm); only that strategy uses it.</summary>
    public long CurrentWeight { get; set; }
}
