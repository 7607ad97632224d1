namespace AlertActors.Host.Api;

public static class DedupKeyRoute
{
    /// <summary>Route values keep an encoded slash as %2F; a dedup key may contain '/', so decode it.</summary>
    public static string Decode(string routeValue) =>
        routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
