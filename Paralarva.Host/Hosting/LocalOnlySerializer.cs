using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Stands in for Akka's default JSON serializer, which the proxy's actor system never uses: it has no remoting, no
/// persistence and no <c>serialize-messages</c>, so no message ever leaves the process. Akka builds every configured
/// serializer when the system starts, and the default one loads and JIT-compiles Newtonsoft.Json for it: 1.3 MiB of
/// resident memory after start (bench/README.md, 2026-12-07). Anything that did try to serialize would fail here,
/// by name, instead of going unnoticed.
/// </summary>
internal sealed class LocalOnlySerializer : Serializer
{
    /// <summary>Replaces the <c>json</c> serializer, keeping its identifier so that the bindings to it stay valid.</summary>
    public const string AkkaHocon = """akka.actor.serializers.json = "Paralarva.Host.Hosting.LocalOnlySerializer, Paralarva.Host" """;

    private const int JsonSerializerIdentifier = 1;

    public LocalOnlySerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Akka passes the <c>json</c> serializer its settings section; there is nothing to set.</summary>
    public LocalOnlySerializer(ExtendedActorSystem system, Config config)
        : base(system)
    {
    }

    public override int Identifier => JsonSerializerIdentifier;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) => throw Refused(obj.GetType());

    public override object FromBinary(byte[] bytes, Type type) => throw Refused(type);

    private static NotSupportedException Refused(Type type) =>
        new("The proxy's actor system is local only and serializes no message (" + type.FullName + ")");
}
