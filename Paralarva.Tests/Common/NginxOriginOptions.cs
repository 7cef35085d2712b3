namespace Paralarva.Tests.Common;

/// <summary>Tunables of <see cref="NginxOrigin"/>.</summary>
public sealed record NginxOriginOptions
{
    public const string DefaultNginxPath = "/usr/sbin/nginx";

    public const string EchoModulePath = "/usr/lib/nginx/modules/ngx_http_echo_module.so";

    /// <summary>Static files of these sizes (bytes of <see cref="BodyPattern"/>) are served at <see cref="NginxOrigin.FilePath"/>.</summary>
    public IReadOnlyList<long> FileSizes { get; init; } = [1024, 1024 * 1024, 10 * 1024 * 1024];

    public string NginxPath { get; init; } = DefaultNginxPath;

    /// <summary>How long to wait for nginx to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Extra directives placed inside the <c>server { }</c> block.</summary>
    public string ExtraServerConfig { get; init; } = string.Empty;
}
