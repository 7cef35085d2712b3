using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Hosting;
using Akka.Hosting.Logging;
using Akka.Util;
using Microsoft.Extensions.Logging;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Makes the actor system as Akka.Hosting does (its configuration, its setups, the logger factory and the dependency
/// resolver), without reading an <c>app.config</c> the proxy does not have, and gives Akka's standard-out fallback
/// (<see cref="AkkaFallbackLogger"/>) the host's loggers before the system starts.
/// </summary>
/// <remarks>
/// Akka.NET's <c>ActorSystem.Create(name, setup)</c> calls <c>ConfigurationFactory.Load()</c> even when the setup
/// carries the whole configuration (an eager <c>GetOrElse</c> argument), and that goes through
/// <c>System.Configuration</c>: it loads <c>System.Configuration.ConfigurationManager</c>, <c>System.Private.Xml</c> and
/// <c>System.ComponentModel.TypeConverter</c> and runs their start-up code for an <c>akka</c> section that is never
/// there, about 5 MiB of resident memory after start (bench/README.md). This factory builds the same
/// <see cref="ActorSystemSetup"/> and starts the <see cref="ActorSystemImpl"/> itself, which is all that
/// <c>ActorSystem.Create</c> does besides that call. Registered after <c>AddAkka</c>, it replaces Akka.Hosting's
/// <see cref="ActorSystem"/> registration (the last one wins); the rest of Akka.Hosting (the hosted service that
/// starts and stops the system, <c>WithActors</c>, the actor registry) works on the system it returns. Akka.Hosting's
/// own factory also registers the extensions and serializers given to its builder (<c>WithExtension</c>,
/// <c>WithCustomSerializer</c>), which it keeps internal: the proxy uses neither, and one added later must be added
/// here too.
/// </remarks>
internal static class AkkaSystemFactory
{
    public static void AddActorSystemWithoutAppConfig(this IServiceCollection services, string name) =>
        services.AddSingleton(provider => Create(provider, name));

    private static ActorSystem Create(IServiceProvider provider, string name)
    {
        var builder = provider.GetRequiredService<AkkaConfigurationBuilder>();
        var config = builder.Configuration.GetOrElse(Config.Empty);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        if (builder.ActorRefProvider.HasValue)
            bootstrap = bootstrap.WithActorRefProvider(builder.ActorRefProvider.Value);
        var setup = bootstrap.And(DependencyResolverSetup.Create(provider));
        var loggerFactory = provider.GetService<ILoggerFactory>();
        if (!builder.Setups.Any(existing => existing is LoggerFactorySetup) && loggerFactory is not null)
            setup = setup.And(new LoggerFactorySetup(loggerFactory));
        foreach (var extra in builder.Setups)
            setup = setup.And(extra);

        var system = new ActorSystemImpl(name, config, setup, Option<Props>.None);
        if (system.Settings.StdoutLogger is AkkaFallbackLogger fallback && loggerFactory is not null)
            fallback.WriteTo(loggerFactory);
        system.Start();
        return system;
    }
}
