using Paralarva.Actors.Config;

namespace Paralarva.Actors.Balancing.Strategies;

/// <summary>Maps a validated <see cref="StrategyNames"/> name to its strategy.</summary>
internal static class StrategyFactory
{
    public static ILoadBalancingStrategy Create(string name, Random random) => name switch
    {
        StrategyNames.RoundRobin => new RoundRobinStrategy(),
        StrategyNames.Random => new RandomStrategy(random),
        StrategyNames.LeastRequests => new LeastRequestsStrategy(),
        StrategyNames.PowerOfTwoChoices => new PowerOfTwoChoicesStrategy(random),
        StrategyNames.ConsistentHash => new ConsistentHashStrategy(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "validation lets only known strategies through"),
    };
}
