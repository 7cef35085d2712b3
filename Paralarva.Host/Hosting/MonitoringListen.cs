using System.Globalization;
using Microsoft.AspNetCore.Hosting;

namespace Paralarva.Host.Hosting;

/// <summary>
/// Where the monitoring port listens: 127.0.0.1, or with <c>-a</c> every address, IPv4 and IPv6 (Kestrel binds the
/// URL host <c>+</c> as <c>[::]</c> in dual mode, falling back to 0.0.0.0 on a host without IPv6). The port is <c>-p</c> and
/// nothing else: the official .NET container images set <c>ASPNETCORE_HTTP_PORTS=8080</c>, which would otherwise
/// make ASP.NET warn at every start that it overrides them: the address is given as the URL setting itself (which
/// the environment's ASPNETCORE_URLS would otherwise fill), and the port settings are emptied.
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
