using Akka.Actor;
using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Config;
using Paralarva.Actors.Health;
using Paralarva.Actors.Http;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// One per service: supervises a MemberActor per member and, for each lease request, picks a member
/// with the service's strategy and forwards the request to it (the member answers the requester
/// directly, saving a hop on every request).
/// </summary>
internal sealed class BalancerActor : ReceiveActor
{
    private readonly List<MemberState> _members = [];

    /// <summary>The members that take traffic now (healthy and not ejected), rebuilt on each status change.</summary>
    private readonly List<MemberState> _available = [];

    private readonly HashSet<IActorRef> _unavailable = new(ActorRefComparer.Instance);
    private readonly ILoadBalancingStrategy _strategy;

    public BalancerActor(ServiceConfig service, TimeSpan connectTimeout, int maxConnectionsPerMember, IActorRef metrics, Random random)
    {
        _strategy = StrategyFactory.Create(service.Strategy, random);
        var healthCheck = service.HealthCheck is null ? null : new HealthCheckTarget(service.HealthCheck, service.Domain);
        foreach (var member in service.Hosts)
        {
            var actor = Context.ActorOf(
                MemberActor.Props(service.Name, member, connectTimeout, maxConnectionsPerMember, metrics, healthCheck),
                MemberActor.ChildName(member));
            _members.Add(new MemberState(actor, member.ToString()));
        }

        _available.AddRange(_members);
        Receive<AcquireConnection>(OnAcquire);
        Receive<MemberMessages.StatusChanged>(OnStatusChanged);
    }

    public static Props Props(ServiceConfig service, TimeSpan connectTimeout, int maxConnectionsPerMember, IActorRef metrics, Random random) =>
        Akka.Actor.Props.Create(() => new BalancerActor(service, connectTimeout, maxConnectionsPerMember, metrics, random));

    public static string ChildName(ServiceConfig service) => "service-" + Uri.EscapeDataString(service.Name);

    // A member's failure is its own business (its pool and health); the balancer keeps it.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);

    private void OnAcquire(AcquireConnection acquire)
    {
        if (_available.Count == 0)
        {
            Sender.Tell(new LeaseFailed(acquire.CorrelationId, ProxyError.NoMemberAvailable, null));
            return;
        }

        _available[_strategy.Pick(_available)].Actor.Forward(acquire);
    }

    private void OnStatusChanged(MemberMessages.StatusChanged status)
    {
        var changed = status.Available ? _unavailable.Remove(status.Member) : _unavailable.Add(status.Member);
        if (!changed)
            return;

        // Rare (a status change), so the hot path only ever reads a ready list.
        _available.Clear();
        foreach (var member in _members)
        {
            if (!_unavailable.Contains(member.Actor))
                _available.Add(member);
        }
    }
}
