using System.Globalization;
using System.Text.Json;
using Paralarva.Actors.Status;

namespace Paralarva.Host.Monitoring;

/// <summary><c>/status.json</c>: the <see cref="ProxyStatus"/> snapshot, with snake_case names as the configuration's.</summary>
internal static class StatusJson
{
    public static void Write(Utf8JsonWriter json, ProxyStatus status)
    {
        json.WriteStartObject();
        json.WriteString("config_hash", status.ConfigHash);
        WriteTime(json, "config_applied_at", status.ConfigAppliedAt);
        json.WriteString("last_reload_result", status.LastReloadResult);
        WriteTime(json, "last_reload_at", status.LastReloadAt);
        json.WriteNumber("client_connections_open", status.ClientConnectionsOpen);
        json.WriteBoolean("draining", status.Draining);
        WriteTime(json, "published_at", status.PublishedAt);
        json.WriteStartArray("services");
        foreach (var service in status.Services)
        {
            json.WriteStartObject();
            json.WriteString("name", service.Name);
            json.WriteNumber("available_members", service.AvailableMembers);
            json.WriteStartArray("members");
            foreach (var member in service.Members)
                WriteMember(json, member);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMember(Utf8JsonWriter json, MemberStatus member)
    {
        json.WriteStartObject();
        json.WriteString("member", member.Member);
        json.WriteString("state", StatusPage.StateOf(member));
        json.WriteBoolean("healthy", member.Healthy);
        json.WriteBoolean("ejected", member.Ejected);
        json.WriteBoolean("actively_checked", member.ActivelyChecked);
        json.WriteString("last_check", member.LastCheckResult);
        json.WriteNumber("ejections", member.Ejections);
        json.WriteNumber("in_flight", member.InFlight);
        json.WriteNumber("connections_open", member.ConnectionsOpen);
        json.WriteNumber("connections_idle", member.ConnectionsIdle);
        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } t)
            json.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        else
            json.WriteNull(name);
    }
}
