using Akka.Actor;

namespace Paralarva.Tests.Balancing;

/// <summary>Stands in for a BalancerActor: starts one child and forwards what the child tells it to a probe.</summary>
internal sealed class ForwardingParent : ReceiveActor
{
    public ForwardingParent(Props child, IActorRef probe)
    {
        var actor = Context.ActorOf(child, "child");
        Receive<GetChild>(_ => Sender.Tell(actor));
        ReceiveAny(message => probe.Forward(message));
    }

    public static Props Props(Props child, IActorRef probe) => Akka.Actor.Props.Create(() => new ForwardingParent(child, probe));

    public sealed class GetChild
    {
        public static readonly GetChild Instance = new();
        private GetChild() { }
    }
}
