using Akka.Configuration;
using AlertActors.Configuration;
using AlertActors.Host.Api;

namespace AlertActors.Host.Startup;

/// <summary>Everything a node starts from, read and checked: the merged HOCON, its typed settings, the API tokens and
/// the HTTP URLs.</summary>
/// <param name="Urls">The addresses HTTP listens on (<c>--urls</c> / <c>ASPNETCORE_URLS</c>, else
/// <see cref="Startup.AlertActorsHost.DefaultUrl"/>).</param>
public sealed record NodeConfiguration(
    Config Hocon,
    AlertActorsSettings Settings,
    ApiTokens Tokens,
    IReadOnlyList<string> Urls
);
