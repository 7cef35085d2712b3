using Akka.Actor;

namespace Paralarva.Actors.Proxy;

/// <summary>
/// Props that create an actor by calling a plain delegate. <c>Props.Create(() =&gt; new X(...))</c> builds an
/// expression tree at every call, evaluates its arguments and then constructs the actor by reflection
/// (<c>Activator.CreateInstance</c>): a cost paid for every client connection and every member connection.
/// A delegate costs one closure. The actors are never deployed remotely, so the Props need not serialize.
/// </summary>
public static class FactoryProps
{
    public static Props Create<TActor>(Func<TActor> create) where TActor : ActorBase =>
        Props.CreateBy(new Producer<TActor>(create));

    private sealed class Producer<TActor>(Func<TActor> create) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}
