namespace Paralarva.Tests.Prometheus;

/// <summary>One element of an instant vector from Prometheus's HTTP API: its labels, timestamp (Unix seconds) and value.</summary>
internal sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Timestamp, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : string.Empty;

    public override string ToString() =>
        "{" + string.Join(", ", Labels.Select(l => l.Key + "=\"" + l.Value + "\"")) + "} " + Value + " @" + Timestamp;
}
