namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>Picks which member of a service takes the next request. Plain class, no actors: testable alone.</summary>
internal interface ILoadBalancingStrategy
{
    /// <summary>Returns an index into <paramref name="members"/>, which is never empty.</summary>
    int Pick(IReadOnlyList<MemberState> members);
}
