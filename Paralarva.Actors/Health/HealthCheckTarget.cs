using Paralarva.Actors.Config;

namespace Paralarva.Actors.Health;

/// <summary>What a member's active checks need from its service: the check itself and the Host to send.</summary>
internal sealed record HealthCheckTarget(HealthCheckConfig Check, string Host);
