using Akka.Actor;
using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Config;
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
    private readonly ILoadBalancingStrategy _strategy;

    public BalancerActor(ServiceConfig service, TimeSpan connectTimeout, int maxConnectionsPerMember, IActorRef metrics, Random random)
    {
        _strategy = StrategyFactory.Create(service.Strategy, random);
        foreach (var member in service.Hosts)
        {
            var actor = Context.ActorOf(
                MemberActor.Props(service.Name, member, connectTimeout, maxConnectionsPerMember, metrics),
                MemberActor.ChildName(member));
            _members.Add(new MemberState(actor, member.ToString()));
        }

        Receive<AcquireConnection>(OnAcquire);
    }

    public static Props Props(ServiceConfig service, TimeSpan connectTimeout, int maxConnectionsPerMember, IActorRef metrics, Random random) =>
        Akka.Actor.Props.Create(() => new BalancerActor(service, connectTimeout, maxConnectionsPerMember, metrics, random));

    public static string ChildName(ServiceConfig service) => "service-" + Uri.EscapeDataString(service.Name);

    // A member's failure is its own business (its pool and health); the balancer keeps it.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);

    private void OnAcquire(AcquireConnection acquire)
    {
        if (_members.Count == 0)
        {
            Sender.Tell(new LeaseFailed(acquire.CorrelationId, ProxyError.NoMemberAvailable, null));
            return;
        }

        _members[_strategy.Pick(_members)].Actor.Forward(acquire);
    }
}
