namespace Paralarva.Host.Reload;

/// <summary>The outcome of one reload: a <c>ReloadResults</c> value, the file's hash (null if unreadable), and what changed or why it failed.</summary>
internal sealed record ConfigReloadReport(string Result, string? Hash, IReadOnlyList<string> Details);
