using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>
/// The rules across the services of one domain: at most one service without <c>paths</c> (it takes the rest of the
/// domain), a prefix claimed by one service only, and no <c>/</c> prefix beside a service without paths (both would
/// take every path). Domains compare lower-cased, prefixes byte for byte (paths are case-sensitive, as in nginx).
/// </summary>
internal sealed class DomainRoutesChecker(ConfigErrors errors)
{
    private readonly Dictionary<string, string> _restOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Domain, string Prefix), string> _prefixOwners = [];

    /// <summary>Registers a service's routes; false (reported, at the later service) on a conflict with an earlier one.</summary>
    public bool Add(string domain, YamlNode domainNode, string domainPath, string servicePath, PathRoutes routes)
    {
        if (routes.Prefixes.IsNone)
            return AddRestOwner(domain, domainNode, domainPath, servicePath);

        var valid = true;
        for (var i = 0; i < routes.Prefixes.Prefixes.Length; i++)
        {
            var prefix = routes.Prefixes.Prefixes[i];
            var itemPath = ConfigPath.Item(routes.Path, i);
            var node = routes.Nodes[i];
            if (_prefixOwners.TryGetValue((domain, prefix), out var owner))
            {
                errors.Add(itemPath, node, "path '" + prefix + "' of domain '" + domain + "' is already routed by " + owner);
                valid = false;
                continue;
            }

            if (prefix == "/" && _restOwners.TryGetValue(domain, out var rest))
            {
                errors.Add(itemPath, node, "path '/' takes every path of domain '" + domain + "', as " + rest
                    + " (a service without paths) already does; keep one of the two");
                valid = false;
                continue;
            }

            _prefixOwners[(domain, prefix)] = itemPath;
        }

        return valid;
    }

    private bool AddRestOwner(string domain, YamlNode domainNode, string domainPath, string servicePath)
    {
        if (_restOwners.TryGetValue(domain, out var owner))
        {
            // The original's rule, kept as its message: two services on one domain need paths to tell them apart.
            errors.Add(domainPath, domainNode, "duplicate domain '" + domain + "' (already used by " + owner
                + "); services sharing a domain need " + PathRoutesReader.PathsKey + ", and at most one may go without");
            return false;
        }

        if (_prefixOwners.TryGetValue((domain, "/"), out var root))
        {
            errors.Add(domainPath, domainNode, "domain '" + domain + "' already sends every path to " + root
                + " (path '/'); a service without paths would get nothing");
            return false;
        }

        _restOwners[domain] = servicePath;
        return true;
    }
}
