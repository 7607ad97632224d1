using System.Text.Json.Nodes;

namespace AlertActors.TestSupport;

/// <summary>What a node's <c>GET /api/v1/cluster</c> shows (docs/http-api.md), read as the cluster tests and the chaos
/// benchmark need it.</summary>
public static class ClusterApi
{
    /// <summary>GET <paramref name="path"/> as JSON; <see cref="InvalidOperationException"/> when the body is no JSON
    /// value.</summary>
    public static async Task<JsonNode> GetJsonAsync(
        HttpClient http,
        string path,
        CancellationToken cancellationToken = default
    ) =>
        JsonNode.Parse(await http.GetStringAsync(path, cancellationToken))
        ?? throw new InvalidOperationException($"GET {path} returned no JSON");

    /// <summary>Addresses (<c>akka.tcp://alertactors@host:port</c>) of the members this node sees Up and
    /// reachable.</summary>
    public static async Task<IReadOnlyList<string>> UpMembersAsync(
        HttpClient http,
        CancellationToken cancellationToken = default
    )
    {
        var cluster = await GetJsonAsync(http, "/api/v1/cluster", cancellationToken);
        return cluster["members"]!
            .AsArray()
            .Where(m => m!["status"]!.GetValue<string>() == "up" && m["reachable"]!.GetValue<bool>())
            .Select(m => m!["address"]!.GetValue<string>())
            .ToList();
    }

    /// <summary>
    /// Shards and entities of the alert region per node address (every region the coordinator knows, with or without
    /// shards);
    /// <see cref="InvalidOperationException"/> when the node could not collect the shard stats.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, (int Shards, int Entities)>> ShardsPerNodeAsync(
        HttpClient http,
        CancellationToken cancellationToken = default
    )
    {
        var cluster = await GetJsonAsync(http, "/api/v1/cluster", cancellationToken);
        var region = cluster["shard_regions"]!.AsArray().Single(r => r!["type_name"]!.GetValue<string>() == "alert")!;
        if (region["error"] is { } error && error.GetValue<string?>() is { Length: > 0 } message)
            throw new InvalidOperationException($"shard stats failed: {message}");
        return region["nodes"]!
            .AsArray()
            .ToDictionary(
                n => n!["address"]!.GetValue<string>(),
                n => (n!["shards"]!.GetValue<int>(), n["entities"]!.GetValue<int>())
            );
    }
}
