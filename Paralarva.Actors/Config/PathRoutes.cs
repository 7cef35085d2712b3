using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace Paralarva.Actors.Config;

/// <summary>What <see cref="PathRoutesReader"/> read of one service: its prefixes, the stripping switch, and each prefix's node (for conflicts across services).</summary>
internal sealed record PathRoutes(PathPrefixes Prefixes, bool StripPathPrefix, ImmutableArray<YamlNode> Nodes, string Path);
