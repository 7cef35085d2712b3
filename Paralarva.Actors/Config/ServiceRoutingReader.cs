namespace Paralarva.Actors.Config;

/// <summary>
/// Reads the traffic keys of a service that shape its route and its heads: <c>paths</c>, <c>strip_path_prefix</c>,
/// <c>request_headers</c> and <c>response_headers</c>, and checks the service's routes against the other services of
/// its domain (<see cref="DomainRoutesChecker"/>).
/// </summary>
internal static class ServiceRoutingReader
{
    public static readonly string[] Keys =
        [PathRoutesReader.PathsKey, PathRoutesReader.StripKey, HeaderRulesReader.RequestKey, HeaderRulesReader.ResponseKey];

    /// <param name="domain">The service's domain as read (lower-cased); null when it was missing or invalid (no conflict check then).</param>
    /// <returns>What to apply to the service once it is whole; null on a problem (reported).</returns>
    public static Func<ServiceConfig, ServiceConfig>? Read(MappingReader reader, string? domain, DomainRoutesChecker domains, ConfigErrors errors)
    {
        var routes = PathRoutesReader.Read(reader, errors);
        var request = HeaderRulesReader.Read(reader, HeaderRulesReader.RequestKey, errors);
        var response = HeaderRulesReader.Read(reader, HeaderRulesReader.ResponseKey, errors);
        var domainNode = reader.Optional("domain");
        var routed = routes is not null && domain is not null && domainNode is not null
            && domains.Add(domain, domainNode, reader.PathOf("domain"), reader.Path, routes);
        if (!routed || request is null || response is null)
            return null;

        return service => service with
        {
            Paths = routes!.Prefixes, StripPathPrefix = routes.StripPathPrefix, RequestHeaders = request, ResponseHeaders = response,
        };
    }
}
