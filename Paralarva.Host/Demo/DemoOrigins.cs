using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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

    private DemoOrigins(WebApplication? app, IReadOnlyList<IPEndPoint> endPoints)
    {
        _app = app;
        EndPoints = endPoints;
    }

    /// <summary>
    /// Where each served member listens, in the order given, with the port bound (a member given with port 0
    /// gets a free port); <c>localhost</c> is listed as 127.0.0.1.
    /// </summary>
    public IReadOnlyList<IPEndPoint> EndPoints { get; }

    /// <summary>
    /// Starts listening on every member that is an IP address or <c>localhost</c>; others are skipped with a warning.
    /// Port 0 binds a free port (on 127.0.0.1 for <c>localhost</c>), logged and listed in <see cref="EndPoints"/>.
    /// </summary>
    public static async Task<DemoOrigins> StartAsync(IEnumerable<(string Address, int Port)> members, ILogger logger, CancellationToken ct)
    {
        var endpoints = LocalEndpoints(members, logger);
        if (endpoints.Count == 0)
            return new DemoOrigins(null, []);

        var bound = new List<ListenOptions?>();

        var builder = WebApplication.CreateSlimBuilder();
        // Kestrel's own start-up lines would read as the proxy's; the caller's logger says what matters.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Demo members should take uploads of any size, to show the proxy streaming them.
            kestrel.Limits.MaxRequestBodySize = null;
            foreach (var (address, port) in endpoints)
            {
                // Kestrel binds localhost on both loopback addresses, which it cannot do for a port it picks.
                if (address is null && port != 0)
                {
                    kestrel.ListenLocalhost(port);
                    bound.Add(null);
                }
                else
                {
                    kestrel.Listen(address ?? IPAddress.Loopback, port, bound.Add);
                }
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

        var endPoints = new List<IPEndPoint>(endpoints.Count);
        for (var i = 0; i < endpoints.Count; i++)
        {
            var (address, port) = endpoints[i];
            // Kestrel updates a ListenOptions to the port it bound.
            var endPoint = bound[i]?.IPEndPoint ?? new IPEndPoint(IPAddress.Loopback, port);
            endPoints.Add(endPoint);
            HostLog.DemoListening(logger, address is null && port != 0 ? "localhost" : endPoint.Address.ToString(), endPoint.Port);
        }

        return new DemoOrigins(app, endPoints);
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

            // Each member given with port 0 gets a port of its own.
            if (port == 0 || seen.Add((ip, port)))
                endpoints.Add((ip, port));
        }

        return endpoints;
    }
}
