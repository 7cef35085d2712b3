namespace Paralarva.Host.Reload;

/// <summary>The file to watch and the hash of the configuration running from it (start-up's).</summary>
internal sealed record ConfigReloadOptions(string ConfigFile, string? RunningHash)
{
    /// <summary>Events within this long of each other make one reload (a save is several events).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>A steady stream of events still reloads this often.</summary>
    public TimeSpan MaxDebounce { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A larger file is refused before parsing (<c>--max-config-bytes</c>).</summary>
    public long MaxBytes { get; init; } = Paralarva.Actors.Config.ConfigLoader.DefaultMaxFileBytes;
}
