using Akka.Actor;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// Equality of actor references as Akka defines it, with a cheap hash: the path's uid (random per
/// actor incarnation) instead of <see cref="ActorPath.GetHashCode"/>, which hashes every element of
/// the path on each call. MemberActor looks references up several times per request.
/// </summary>
internal sealed class ActorRefComparer : IEqualityComparer<IActorRef>
{
    public static readonly ActorRefComparer Instance = new();

    private ActorRefComparer() { }

    public bool Equals(IActorRef? x, IActorRef? y) => ReferenceEquals(x, y) || (x is not null && x.Equals(y));

    public int GetHashCode(IActorRef obj) => obj.Path.Uid.GetHashCode();
}
