using System.Collections.Immutable;

namespace Paralarva.Actors.Config;

/// <summary>The load-balancing strategy names accepted in <c>services[i].strategy</c>.</summary>
public static class StrategyNames
{
    public const string Random = "random";
    public const string RoundRobin = "round_robin";
    public const string LeastRequests = "least_requests";
    public const string PowerOfTwoChoices = "power_of_two_choices";

    /// <summary>A hash ring over the members, keyed by the client address or a header (<c>hash_key</c>): session affinity.</summary>
    public const string ConsistentHash = "consistent_hash";

    /// <summary>Least requests among two random members: YARP's, Envoy's and HAProxy's (<c>random(2)</c>) default.</summary>
    public const string Default = PowerOfTwoChoices;

    /// <summary>Every accepted name, in the order error messages list them; a new strategy is added here.</summary>
    public static readonly ImmutableArray<string> All = [Random, RoundRobin, LeastRequests, PowerOfTwoChoices, ConsistentHash];
}
