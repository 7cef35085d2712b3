using Akka.Actor;

namespace Paralarva.Actors.Balancing;

/// <summary>What a BalancerActor knows of one of its members; what strategies choose from.</summary>
internal sealed class MemberState(IActorRef actor, string name, int weight = 1, MemberLoad? load = null)
{
    public IActorRef Actor { get; } = actor;

    /// <summary>"address:port", the member label in logs and metrics.</summary>
    public string Name { get; } = name;

    /// <summary>Relative share of the traffic, at least 1; a reload may change it (same actor, status and pool).</summary>
    public int Weight { get; set; } = weight;

    public MemberLoad Load { get; } = load ?? new MemberLoad();

    /// <summary>The opaque id an affinity cookie names this member by (<see cref="AffinityIds"/>).</summary>
    public ulong AffinityId { get; init; }

    public bool Healthy { get; set; } = true;

    public bool Ejected { get; set; }

    public bool Available => Healthy && !Ejected;

    /// <summary>
    /// The member's idle connections, most recently used last (LIFO: the least likely to have been closed by the
    /// member; the oldest is at the front, where the idle timeout looks).
    /// </summary>
    public List<MemberConnection> Idle { get; } = [];

    /// <summary>Connections of this member leased now.</summary>
    public int Leased { get; set; }

    /// <summary>Left the service (retired): its connections are closed as they come back.</summary>
    public bool Removed { get; set; }

    /// <summary>The last outcome told to the member was a failure: the next success must be told too.</summary>
    public bool FailureReported { get; set; }

    /// <summary>The last load sample told to the metrics (-1: none yet): a sample is told only when it changed.</summary>
    public int SampledInFlight { get; set; } = -1;

    public int SampledIdle { get; set; } = -1;

    /// <summary>Smooth weighted round robin's running weight (nginx's algorithm); only that strategy uses it.</summary>
    public long CurrentWeight { get; set; }
}
