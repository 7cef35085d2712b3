using System.Globalization;
using System.Text;

namespace Paralarva.Tests.EndToEnd;

/// <summary>Configuration files for reload tests: the listen port (0: the proxy picks one and reports it) and loopback members.</summary>
internal static class ReloadConfigFiles
{
    /// <summary>One service per entry, named after the first label of its domain.</summary>
    public static string Yaml(int listenPort, params (string Domain, int[] MemberPorts)[] services)
    {
        var yaml = new StringBuilder();
        yaml.Append("proxy:\n  listen: { address: \"127.0.0.1\", port: ")
            .Append(listenPort.ToString(CultureInfo.InvariantCulture)).Append(" }\n  services:\n");
        foreach (var (domain, ports) in services)
        {
            yaml.Append("    - name: ").Append(domain.Split('.')[0]).Append('\n')
                .Append("      domain: ").Append(domain).Append('\n')
                .Append("      strategy: round_robin\n")
                .Append("      hosts:\n");
            foreach (var port in ports)
                yaml.Append("        - { address: \"127.0.0.1\", port: ").Append(port.ToString(CultureInfo.InvariantCulture)).Append(" }\n");
        }

        return yaml.ToString();
    }
}
