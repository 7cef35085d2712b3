using Akka.Actor;
using Akka.Event;
using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using Paralarva.Actors.Proxy;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// One per service: supervises a MemberActor per member and, for each lease request, picks an
/// available member with the service's strategy and leases one of that member's idle connections
/// (BalancerActor.Pool.cs), or forwards the request to the member when it has none idle. Members tell it their status
/// (<see cref="MemberMessages.StatusChanged"/>); when none is available it answers 503 at once or,
/// in panic mode, picks among all of them. A retry's request names the members to avoid.
/// The member set changes on reloads and DNS answers: see BalancerActor.Members.cs.
/// </summary>
internal sealed partial class BalancerActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<MemberState> _members = [];
    /// <summary>The members that take traffic now; rebuilt on a status or member-set change, not per request.</summary>
    private readonly List<MemberState> _available = [];
    /// <summary>Scratch list for a retry's candidates (available minus excluded): reused, never allocated per request.</summary>
    private readonly List<MemberState> _candidates = [];
    private ILoadBalancingStrategy _strategy;

    public BalancerActor(ServiceConfig service, MemberTimeoutsConfig timeouts, int maxConnectionsPerMember, IActorRef metrics, Random random, HostResolver? resolver = null)
    {
        _strategy = StrategyFactory.Create(service.Strategy, random);
        InitMembers(service, timeouts, maxConnectionsPerMember, metrics, random, resolver ?? DnsResolution.System);

        Receive<AcquireConnection>(OnAcquire);
        ReceivePoolMessages();
        ReceiveMemberSetMessages();
        Receive<MemberMessages.StatusChanged>(OnStatusChanged);
    }

    public static Props Props(ServiceConfig service, MemberTimeoutsConfig timeouts, int maxConnectionsPerMember, IActorRef metrics, Random random, HostResolver? resolver = null) =>
        FactoryProps.Create(() => new BalancerActor(service, timeouts, maxConnectionsPerMember, metrics, random, resolver));

    public static string ChildName(ServiceConfig service) => "service-" + Uri.EscapeDataString(service.Name);

    protected override SupervisorStrategy SupervisorStrategy() => ResumingSupervision.Create();

    private bool AnyEjected()
    {
        foreach (var member in _members)
        {
            if (member.Ejected)
                return true;
        }

        return false;
    }

    private void OnStatusChanged(MemberMessages.StatusChanged changed)
    {
        foreach (var member in _members)
        {
            if (member.Actor.Equals(changed.Member))
            {
                member.Healthy = changed.Healthy;
                member.Ejected = changed.Ejected;
            }
        }

        RebuildAvailable();
    }

    private void RebuildAvailable()
    {
        var wasAvailable = _available.Count > 0;
        _available.Clear();
        foreach (var member in _members)
        {
            if (member.Available)
                _available.Add(member);
        }

        RebuildAffinityLookup();

        if (wasAvailable && _available.Count == 0)
        {
            _log.Warning(_service.WhenAllMembersDown == AllMembersDownPolicy.Panic
                ? "{0}: no member available; panic mode spreads requests over all members"
                : "{0}: no member available; answering 503 until one returns", _service.Name);
        }
        else if (!wasAvailable && _available.Count > 0 && _initialised)
        {
            _log.Info("{0}: a member is available again", _service.Name);
        }
    }
}
