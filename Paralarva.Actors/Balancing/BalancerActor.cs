using Akka.Actor;
using Paralarva.Actors.Balancing.Strategies;
using Paralarva.Actors.Config;
using Paralarva.Actors.Http;
using static Paralarva.Actors.Balancing.BalancerMessages;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// One per service: supervises a MemberActor per member and, for each lease request, picks a member
/// with the service's strategy and forwards the request to it (the member answers the requester
/// directly, saving a hop on every request). The member set changes on reloads and DNS answers:
/// see BalancerActor.Members.cs.
/// </summary>
internal sealed partial class BalancerActor : ReceiveActor
{
    private readonly List<MemberState> _members = [];
    private ILoadBalancingStrategy _strategy;

    public BalancerActor(ServiceConfig service, TimeSpan connectTimeout, int maxConnectionsPerMember, IActorRef metrics, Random random, HostResolver? resolver = null)
    {
        _strategy = StrategyFactory.Create(service.Strategy, random);
        InitMembers(service, connectTimeout, maxConnectionsPerMember, metrics, random, resolver ?? DnsResolution.System);

        Receive<AcquireConnection>(OnAcquire);
        ReceiveMemberSetMessages();
    }

    public static Props Props(ServiceConfig service, TimeSpan connectTimeout, int maxConnectionsPerMember, IActorRef metrics, Random random, HostResolver? resolver = null) =>
        Akka.Actor.Props.Create(() => new BalancerActor(service, connectTimeout, maxConnectionsPerMember, metrics, random, resolver));

    public static string ChildName(ServiceConfig service) => "service-" + Uri.EscapeDataString(service.Name);

    // A member's failure is its own business (its pool and health); the balancer keeps it.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);

    private void OnAcquire(AcquireConnection acquire)
    {
        if (_members.Count == 0)
        {
            if (HoldUntilFirstResolution(acquire))
                return;
            Sender.Tell(new LeaseFailed(acquire.CorrelationId, ProxyError.NoMemberAvailable, null));
            return;
        }

        _members[_strategy.Pick(_members)].Actor.Forward(acquire);
    }
}
