using Akka.Actor;

namespace Paralarva.Actors.Balancing;

/// <summary>
/// One pooled member connection as seen by the RequestActor that leases it. Created once per
/// connection (not per request): the same instance is handed out on every lease.
/// </summary>
/// <param name="Connection">The UpstreamConnection actor (registered handler of the socket).</param>
/// <param name="Socket">The Akka.IO connection actor: the lessee writes to it directly.</param>
/// <param name="Member">The MemberActor owning the pool, to release the lease to.</param>
internal sealed record UpstreamLease(IActorRef Connection, IActorRef Socket, IActorRef Member, string Service, string MemberName);
