using System.Net;

namespace AlertActors.Configuration;

/// <summary>
/// Whether the HTTP API would be open to the network: listening beyond loopback with no API token configured, anyone
/// who can reach the port could read every alert and call <c>POST /api/v1/cluster/down</c>. Such a node refuses to
/// start unless the operator opts in with <see cref="OptInKey"/> (<see cref="OptInVariable"/>), and then it warns at
/// every start (<see cref="Warning"/>).
/// </summary>
public static class HttpExposureCheck
{
    /// <summary>The HOCON key that accepts an unauthenticated API on a non-loopback address (default off).</summary>
    public const string OptInKey = "alertactors.http.allow-unauthenticated";

    /// <summary>The environment variable for <see cref="OptInKey"/> (<c>true</c>/<c>on</c>/<c>yes</c>).</summary>
    public const string OptInVariable = "ALERTACTORS_ALLOW_UNAUTHENTICATED";

    /// <summary>
    /// The start-up problems (one line each; empty when there are none): one when an HTTP listen URL is reachable from
    /// other hosts, no API token is configured and the operator has not opted in.
    /// </summary>
    /// <param name="listenUrls">Kestrel listen URLs (<c>--urls</c>/<c>ASPNETCORE_URLS</c> items,
    /// <c>Kestrel:Endpoints:*:Url</c>).</param>
    /// <param name="tokensConfigured">Whether <c>alertactors.http.api-token</c> or <c>alertactors.http.tokens</c> holds
    /// a token.</param>
    /// <param name="allowUnauthenticated">The value of <see cref="OptInKey"/>.</param>
    public static IReadOnlyList<string> Problems(
        IEnumerable<string> listenUrls,
        bool tokensConfigured,
        bool allowUnauthenticated
    )
    {
        var exposed = ExposedUrls(listenUrls);
        if (exposed.Count == 0 || tokensConfigured || allowUnauthenticated)
            return [];
        return
        [
            $"alertactors.http: the API would listen on {string.Join(", ", exposed)}, reachable from other hosts, without a token: "
                + "set ALERTACTORS_API_TOKEN (alertactors.http.api-token) or alertactors.http.tokens, listen on loopback "
                + $"(--urls http://127.0.0.1:8080), or accept an open API with {OptInKey} = on ({OptInVariable}=true)",
        ];
    }

    /// <summary>The warning to log at every start of a node that opted in to an open API on a non-loopback address;
    /// null otherwise.</summary>
    public static string? Warning(IEnumerable<string> listenUrls, bool tokensConfigured, bool allowUnauthenticated)
    {
        var exposed = ExposedUrls(listenUrls);
        if (exposed.Count == 0 || tokensConfigured || !allowUnauthenticated)
            return null;
        return $"The HTTP API listens on {string.Join(", ", exposed)} WITHOUT a token ({OptInKey} = on): anyone who can reach it can "
            + "read every alert, acknowledge and resolve them, post events and take nodes out of the cluster. Set ALERTACTORS_API_TOKEN.";
    }

    /// <summary>The listen URLs whose host is neither loopback (<c>localhost</c>, 127.0.0.0/8, <c>::1</c>) nor a Unix
    /// socket or named pipe.</summary>
    public static IReadOnlyList<string> ExposedUrls(IEnumerable<string> listenUrls) =>
        [.. listenUrls.Select(u => u.Trim()).Where(u => u.Length > 0 && !IsLocal(u))];

    /// <summary>
    /// Whether Kestrel binds <paramref name="url"/> on this host only. Kestrel binds <c>*</c>, <c>+</c>,
    /// <c>0.0.0.0</c>, <c>[::]</c> and every host name but <c>localhost</c> on all interfaces (ASP.NET Core "Configure
    /// endpoints for Kestrel").
    /// </summary>
    private static bool IsLocal(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme < 0 ? url : url[(scheme + 3)..];
        if (
            rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase)
        )
            return true;
        var authority = rest.Split('/', 2)[0];
        var host =
            authority.StartsWith('[') ? authority[1..Math.Max(authority.IndexOf(']'), 1)]
            : authority.LastIndexOf(':') is var colon and >= 0 ? authority[..colon]
            : authority;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
