using System.Globalization;
using System.Text;

namespace Paralarva.Tests.Common;

/// <summary>Writes the nginx.conf of one <see cref="NginxOrigin"/> instance.</summary>
internal static class NginxConfig
{
    public static string Build(string name, string directory, int port, bool echo, string extraServerConfig)
    {
        var sb = new StringBuilder();
        if (echo)
        {
            sb.Append("load_module ").Append(NginxOriginOptions.EchoModulePath).Append(";\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log {{directory}}/access.log;
              default_type application/octet-stream;
              types { text/plain txt; }
              client_body_temp_path {{directory}}/tmp/body;
              proxy_temp_path {{directory}}/tmp/proxy;
              fastcgi_temp_path {{directory}}/tmp/fastcgi;
              uwsgi_temp_path {{directory}}/tmp/uwsgi;
              scgi_temp_path {{directory}}/tmp/scgi;
              sendfile on;
              keepalive_timeout 65s;
              keepalive_requests 100000;
              client_max_body_size 0;
              server {
                listen 127.0.0.1:{{port}};
                location = / { default_type text/plain; return 200 "nginx {{name}}\n"; }
                location = {{NginxOrigin.ChunkedPath}} { default_type text/plain; ssi on; ssi_types *; alias {{directory}}/chunked.txt; }
                location /files/ { alias {{directory}}/files/; }

            """);

        foreach (var code in NginxOrigin.StatusCodes)
        {
            var action = code switch
            {
                204 or 304 => code.ToString(CultureInfo.InvariantCulture),
                >= 300 and < 400 => $"{code} /",
                _ => $"{code} \"status {code}\\n\"",
            };
            sb.Append(CultureInfo.InvariantCulture, $"    location = /status/{code} {{ default_type text/plain; return {action}; }}\n");
        }

        if (echo)
        {
            sb.Append(CultureInfo.InvariantCulture, $$"""
                    location = {{NginxOrigin.EchoPath}} { client_body_buffer_size 1m; echo_read_request_body; echo_request_body; }
                    location = {{NginxOrigin.HeadersPath}} { default_type text/plain; echo -n $echo_client_request_headers; }

                """);
        }

        sb.Append(extraServerConfig).Append("\n  }\n}\n");
        return sb.ToString();
    }
}
