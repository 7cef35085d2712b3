using System.Globalization;
using Microsoft.AspNetCore.Hosting;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Where the monitoring port listens: 127.0.0.1, or with <c>-a</c> every address, IPv4 and IPv6 (<c>[::]</c> in dual
/// mode, as Kestrel's ListenAnyIP binds it, falling back to 0.0.0.0 on a host without IPv6). The port is <c>-p</c> and
/// nothing else: the official .NET container images set <c>ASPNETCORE_HTTP_PORTS=8080</c>, which would otherwise
/// make ASP.NET warn at every start that it overrides them (or, with <c>ASPNETCORE_URLS</c>, bind that port as well
/// when nothing is configured in code).
/// </summary>
internal static class MonitoringListen
{
    public static void Configure(IWebHostBuilder webHost, HostOptions options)
    {
        webHost.UseSetting("http_ports", string.Empty);
        webHost.UseSetting("https_ports", string.Empty);
        // "+" is Kestrel's any address: [::] in dual mode, or 0.0.0.0 where IPv6 is off.
        webHost.UseUrls("http://" + (options.ListenAllAddresses ? "+" : "127.0.0.1") + ":" + options.PrometheusPort.ToString(CultureInfo.InvariantCulture));
    }
}
