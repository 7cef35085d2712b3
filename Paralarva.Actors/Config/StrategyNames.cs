using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>The load-balancing strategy names accepted in <c>services[i].strategy</c>.</summary>
public static class StrategyNames
{
    public const string Random = "random";
    public const string RoundRobin = "round_robin";

    /// <summary>The original proxy picked a member at random; an omitted strategy keeps that.</summary>
    public const string Default = Random;

    /// <summary>Every accepted name, in the order error messages list them; a new strategy is added here.</summary>
    public static readonly ImmutableArray<string> All = [Random, RoundRobin];
}
