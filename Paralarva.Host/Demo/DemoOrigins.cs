using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

using Paralarva.Host.Hosting;

namespace Paralarva.Host.Demo;

/// <summary>
/// <c>paralarva --demo</c>: tiny origin servers on the configured member addresses, so a newcomer can
/// try the proxy without backends of their own. One Kestrel app listens on every member endpoint and
/// says which one answered (see <see cref="DemoResponder"/>). Deliberately separate from the proxy's
/// code path: it is an ordinary ASP.NET Core app, and the proxy reaches it over TCP like any member.
/// </summary>
internal sealed class DemoOrigins : IAsyncDisposable
{
    private readonly WebApplication? _app;

    private DemoOrigins(WebApplication? app) => _app = app;

    /// <summary>Starts listening on every member that is an IP address or <c>localhost</c>; others are skipped with a warning.</summary>
    public static async Task<DemoOrigins> StartAsync(IEnumerable<(string Address, int Port)> members, ILogger logger, CancellationToken ct)
    {
        var endpoints = LocalEndpoints(members, logger);
        if (endpoints.Count == 0)
            return new DemoOrigins(null);

        var builder = WebApplication.CreateSlimBuilder();
        // Kestrel's own start-up lines would read as the proxy's; the caller's logger says what matters.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Demo members should take uploads of any size, to show the proxy streaming them.
            kestrel.Limits.MaxRequestBodySize = null;
            foreach (var (address, port) in endpoints)
            {
                if (address is null)
                    kestrel.ListenLocalhost(port);
                else
                    kestrel.Listen(address, port);
            }
        });

        var app = builder.Build();
        app.Run(DemoResponder.RespondAsync);
        try
        {
            await app.StartAsync(ct);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        foreach (var (address, port) in endpoints)
            HostLog.DemoListening(logger, address?.ToString() ?? "localhost", port);
        return new DemoOrigins(app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // A null address stands for "localhost", which Kestrel binds on both loopback addresses.
    private static List<(IPAddress? Address, int Port)> LocalEndpoints(IEnumerable<(string Address, int Port)> members, ILogger logger)
    {
        var endpoints = new List<(IPAddress?, int)>();
        var seen = new HashSet<(IPAddress?, int)>();
        foreach (var (address, port) in members)
        {
            IPAddress? ip = null;
            if (!string.Equals(address, "localhost", StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(address, out ip))
            {
                HostLog.DemoSkipped(logger, address, port);
                continue;
            }

            if (seen.Add((ip, port)))
                endpoints.Add((ip, port));
        }

        return endpoints;
    }
}
