using Paralarva.Actors.Balancing;
using Paralarva.Tests.Balancing;

namespace Paralarva.Tests.Listener;

/// <summary>A connection the fixture leased to the RequestActor, and the member's end of it.</summary>
internal sealed record LeasedConnection(MemberConnection Connection, MemberSocket Member);
