namespace Paralarva.Actors.Config;

/// <summary>
/// Builds the paths that locate a <see cref="ConfigError"/>.
/// </summary>
/// <remarks>
/// Every setting lives under the top-level <c>proxy:</c> section, so paths start below it and read
/// like the keys an operator sees: <c>listen.port</c>, <c>services[1].hosts[0].port</c>,
/// <c>limits.max_client_connections</c>. Sequence items are zero-based indexes in brackets, mapping
/// keys are joined with dots. Keys at the top of the file are named by themselves: the section is
/// <c>proxy</c>, and a stray top-level key <c>prxy</c> is <c>prxy</c>.
/// </remarks>
internal static class ConfigPath
{
    /// <summary>The path of the top-level section, which is also the implicit prefix of every other path.</summary>
    public const string ProxySection = "proxy";

    /// <summary>The document root; its children are named by their key alone.</summary>
    public const string Root = "";

    public static string Child(string parent, string key) =>
        parent.Length == 0 || parent == ProxySection ? key : parent + "." + key;

    public static string Item(string parent, int index) => parent + "[" + index + "]";
}
