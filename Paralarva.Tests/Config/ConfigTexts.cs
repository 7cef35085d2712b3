namespace Paralarva.Tests.Config;

/// <summary>Configuration texts shared by the config tests: the smallest valid file with one service.</summary>
internal static class ConfigTexts
{
    /// <summary>A valid configuration: a listener and one service <c>svc</c> with one host.</summary>
    public const string MinimalWithService = """
        proxy:
          listen:
            address: "127.0.0.1"
            port: 8080
          services:
            - name: svc
              domain: svc.example.com
              hosts:
                - address: "10.0.0.1"
                  port: 9090
        """;

    /// <summary><see cref="MinimalWithService"/> followed by <paramref name="extraLines"/> (indented by the caller, e.g. two spaces for a key of <c>proxy</c>).</summary>
    public static string WithProxyKeys(string extraLines) => MinimalWithService + "\n" + extraLines;
}
