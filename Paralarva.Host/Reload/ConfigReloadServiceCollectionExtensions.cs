using Microsoft.Extensions.DependencyInjection;

namespace Paralarva.Host.Reload;

internal static class ConfigReloadServiceCollectionExtensions
{
    /// <summary>Registers the reload service as a hosted service and as itself, so tests can wait on its reports.</summary>
    public static IServiceCollection AddConfigReload(this IServiceCollection services, ConfigReloadOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<ConfigReloadService>();
        services.AddHostedService(provider => provider.GetRequiredService<ConfigReloadService>());
        return services;
    }
}
