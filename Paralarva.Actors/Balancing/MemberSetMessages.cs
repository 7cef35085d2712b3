using System.Net;
using Paralarva.Actors.Config;

namespace Paralarva.Actors.Balancing;

/// <summary>Messages that change a service's member set: reloads (ProxyActor → BalancerActor → MemberActor) and DNS results.</summary>
internal static class MemberSetMessages
{
    /// <summary>ProxyActor → BalancerActor: the service's configuration changed; apply the difference in place.</summary>
    /// <remarks>
    /// The member-side timeouts and the per-member connection limit come with it (null: unchanged): they apply to the
    /// running members and pools too, not only to members started afterwards.
    /// </remarks>
    public sealed record UpdateService(ServiceConfig Service)
    {
        public MemberTimeoutsConfig? Timeouts { get; init; }

        public int? MaxConnectionsPerMember { get; init; }
    }

    /// <summary>
    /// BalancerActor → each of its members, when a reload changed <c>timeouts.connect</c>, <c>member_queue</c> or
    /// <c>limits.max_connections_per_member</c>: the running member applies them from its next connect and waiter on.
    /// </summary>
    public sealed record UpdateConnectionSettings(MemberTimeoutsConfig Timeouts, int MaxConnectionsPerMember);

    /// <summary>
    /// BalancerActor → a member it keeps across a reload: the service's passive and active health settings
    /// changed. The member keeps its pool; its outlier counters restart and its checks restart with the new settings.
    /// </summary>
    public sealed record UpdateMemberSettings(OutlierDetectionConfig OutlierDetection, Health.HealthCheckTarget? HealthCheck);

    /// <summary>ProxyActor → BalancerActor: the service left the configuration (and the route table); stop once its exchanges are done.</summary>
    public sealed class Retire
    {
        public static readonly Retire Instance = new();
        private Retire() { }
    }

    /// <summary>
    /// BalancerActor → MemberActor: the member left the service and no lease request will reach it
    /// any more; close the idle connections and stop once every lease is released.
    /// </summary>
    public sealed class RetireMember
    {
        public static readonly RetireMember Instance = new();
        private RetireMember() { }
    }

    /// <summary>BalancerActor's timer: resolve the service's host-name members again.</summary>
    public sealed class RefreshDns
    {
        public static readonly RefreshDns Instance = new();
        private RefreshDns() { }
    }

    /// <summary>BalancerActor's timer: a retired service's grace period ended; retire its members.</summary>
    public sealed class RetireGraceEnded
    {
        public static readonly RetireGraceEnded Instance = new();
        private RetireGraceEnded() { }
    }

    /// <summary>A resolution piped back to the BalancerActor: the addresses, or why there are none (then the last known ones stay).</summary>
    public sealed record HostResolved(string HostName, IReadOnlyList<IPAddress> Addresses, string? Error);
}
