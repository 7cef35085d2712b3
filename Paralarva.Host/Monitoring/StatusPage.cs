using System.Globalization;
using System.Net;
using System.Text;
using Paralarva.Actors.Status;

namespace Paralarva.Host.Monitoring;

/// <summary>
/// <c>/status</c>: one self-contained HTML page (inline CSS, no script) of the <see cref="ProxyStatus"/>
/// snapshot, in the spirit of HAProxy's stats page: one table per service, one row per member. Every value
/// comes from the snapshot and is HTML-encoded. It refreshes itself every 5 s with a meta refresh.
/// </summary>
internal static class StatusPage
{
    private const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d2330;background:#f6f7f9}
        h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.1em;margin:1.4em 0 .4em}
        dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;margin:.6em 0}dt{color:#5b6474}dd{margin:0}
        table{border-collapse:collapse;background:#fff;min-width:60em;box-shadow:0 1px 2px #0002}
        th,td{padding:.35em .8em;border-bottom:1px solid #e3e6ea;text-align:right}th{background:#eef0f3;font-weight:600}
        th:first-child,td:first-child,td.state{text-align:left}code{font-size:.95em}
        .up{background:#e3f6e8}.up td.state{color:#17803d}.down{background:#fde8e8}.down td.state{color:#b42318}
        .ejected{background:#fff4d6}.ejected td.state{color:#a15c00}.summary{color:#5b6474}
        """;

    /// <summary>up (takes traffic), ejected (passive health), or down (fails its active checks).</summary>
    public static string StateOf(MemberStatus member) =>
        !member.Healthy ? "down" : member.Ejected ? "ejected" : "up";

    public static string Render(ProxyStatus status)
    {
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"5\">")
            .Append("<title>Paralarva status</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<h1>Paralarva status</h1><dl>");
        Term(html, "configuration", status.ConfigHash is null ? "built in code" : "<code id=\"config-hash\">" + Encode(status.ConfigHash) + "</code>");
        Term(html, "applied", Time(status.ConfigAppliedAt));
        Term(html, "last reload", status.LastReloadResult is null ? "none since start" : Encode(status.LastReloadResult) + " at " + Time(status.LastReloadAt));
        Term(html, "client connections", Number(status.ClientConnectionsOpen));
        Term(html, "state", status.Draining ? "draining (shutting down)" : "serving");
        Term(html, "as of", Time(status.PublishedAt));
        html.Append("</dl>");

        if (status.Services.IsEmpty)
            html.Append("<p>No service has started yet.</p>");
        foreach (var service in status.Services)
            RenderService(html, service);

        html.Append("<p class=\"summary\">The same as JSON: <a href=\"status.json\">status.json</a>; metrics: <a href=\"metrics\">metrics</a>.</p>")
            .Append("</body></html>\n");
        return html.ToString();
    }

    private static void RenderService(StringBuilder html, ServiceStatus service)
    {
        var name = Encode(service.Name);
        html.Append("<section class=\"service\" data-service=\"").Append(name).Append("\"><h2>").Append(name)
            .Append(" <span class=\"summary\">").Append(Number(service.AvailableMembers)).Append(" of ")
            .Append(Number(service.Members.Length)).Append(" members up</span></h2>")
            .Append("<table><thead><tr><th>member</th><th>state</th><th>last check</th><th>ejections</th><th>in flight</th>")
            .Append("<th>connections</th><th>pooled (idle)</th></tr></thead><tbody>");
        foreach (var member in service.Members)
        {
            var state = StateOf(member);
            html.Append("<tr class=\"member ").Append(state).Append("\" data-member=\"").Append(Encode(member.Member)).Append("\">")
                .Append("<td><code>").Append(Encode(member.Member)).Append("</code></td>")
                .Append("<td class=\"state\">").Append(state).Append("</td>")
                .Append("<td>").Append(member.ActivelyChecked ? Encode(member.LastCheckResult ?? "pending") : "no checks").Append("</td>")
                .Append("<td>").Append(Number(member.Ejections)).Append("</td>")
                .Append("<td>").Append(Number(member.InFlight)).Append("</td>")
                .Append("<td>").Append(Number(member.ConnectionsOpen)).Append("</td>")
                .Append("<td>").Append(Number(member.ConnectionsIdle)).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void Term(StringBuilder html, string term, string definition) =>
        html.Append("<dt>").Append(term).Append("</dt><dd>").Append(definition).Append("</dd>");

    private static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "never";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
