namespace Paralarva.Actors.Config;

/// <summary><c>services[i].when_all_members_down</c>: what a service does when no member is available.</summary>
public enum AllMembersDownPolicy
{
    /// <summary>Answer 503 with <c>Retry-After</c> at once, without trying any member.</summary>
    Reject,

    /// <summary>Spread requests over every member anyway (YARP's and Envoy's panic mode).</summary>
    Panic,
}
