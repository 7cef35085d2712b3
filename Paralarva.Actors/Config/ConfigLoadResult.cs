using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Paralarva.Actors.Config;

/// <summary>
/// Either a fully validated <see cref="ProxyConfig"/> or every problem found, never both and never
/// a configuration built from a file that had errors.
/// </summary>
public sealed class ConfigLoadResult
{
    private ConfigLoadResult(ProxyConfig? config, ImmutableArray<ConfigError> errors)
    {
        Config = config;
        Errors = errors;
    }

    /// <summary>The configuration; null exactly when <see cref="Errors"/> is not empty.</summary>
    public ProxyConfig? Config { get; }

    /// <summary>Every problem found, ordered by line; empty when the file is valid.</summary>
    public ImmutableArray<ConfigError> Errors { get; }

    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsValid => Config is not null;

    public static ConfigLoadResult Success(ProxyConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ConfigLoadResult(config, []);
    }

    public static ConfigLoadResult Failure(ImmutableArray<ConfigError> errors)
    {
        // An empty error list would read as "invalid, but nothing to fix": refuse to build one.
        if (errors.IsDefaultOrEmpty)
            throw new ArgumentException("A failed load must carry at least one error.", nameof(errors));
        return new ConfigLoadResult(null, errors);
    }
}
