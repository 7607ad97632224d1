using System.Diagnostics;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.Bench;

/// <summary>What the chaos run reads from outside the nodes' processes: the stub's calls, the alerts, the cluster's
/// views and metrics.</summary>
internal static class ChaosObservations
{
    private const string PagerDuty = "pagerduty";

    /// <summary>The PagerDuty actions the stub accepted, per key, in arrival order.</summary>
    public static List<string>[] CallsPerKey(ProviderStub stub, int keys)
    {
        var byKey = Enumerable.Range(0, keys).Select(_ => new List<string>()).ToArray();
        var index = Enumerable.Range(0, keys).ToDictionary(ChaosPlan.DedupKey);
        foreach (var arrival in stub.Arrivals)
            if (arrival.Provider == PagerDuty && index.TryGetValue(arrival.Key, out var k))
                byKey[k].Add(arrival.Action);
        return byKey;
    }

    /// <summary>Every key's alert from the entity (GET /api/v1/alerts/{key}), spread over the running nodes.</summary>
    public static async Task<AlertSeen?[]> FetchAlertsAsync(BenchCluster cluster, int keys)
    {
        var nodes = cluster.Running.ToList();
        var result = new AlertSeen?[keys];
        if (nodes.Count == 0)
            return result.Select(_ => new AlertSeen(-1, "no node running", [], 0)).ToArray();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, keys),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (k, ct) =>
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(TimeSpan.FromSeconds(20));
                    using var response = await nodes[k % nodes.Count]
                        .Http.GetAsync($"/api/v1/alerts/{Uri.EscapeDataString(ChaosPlan.DedupKey(k))}", timeout.Token);
                    if (!response.IsSuccessStatusCode)
                    {
                        result[k] =
                            response.StatusCode == System.Net.HttpStatusCode.NotFound
                                ? null
                                : new AlertSeen(-1, $"HTTP {(int)response.StatusCode}", [], 0);
                        return;
                    }
                    var alert = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token))!;
                    result[k] = new AlertSeen(
                        alert["occurrences"]!.GetValue<long>(),
                        alert["status"]!.GetValue<string>(),
                        alert["timeline"]!.AsArray().Select(t => t!["change"]!.GetValue<string>()).ToList(),
                        alert["deliveries"]!.AsArray().Count(d => d!["status"]!.GetValue<string>() != "delivered")
                    );
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    result[k] = new AlertSeen(-1, ex.GetType().Name, [], 0);
                }
            }
        );
        return result;
    }

    /// <summary>Shards and alerts of the alert region per node address, as <paramref name="asker"/> sees them (empty
    /// when the stats do not come within 8 s).</summary>
    public static async Task<IReadOnlyDictionary<string, (int Shards, int Entities)>> ShardsPerNodeAsync(
        NodeProcess asker
    )
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
            return await ClusterApi.ShardsPerNodeAsync(asker.Http, timeout.Token);
        }
        catch (Exception ex)
            when (ex
                    is HttpRequestException
                        or TaskCanceledException
                        or NullReferenceException
                        or InvalidOperationException
            )
        {
            return new Dictionary<string, (int, int)>();
        }
    }

    /// <summary>How long from now (just after the kill) the survivors dropped the node from their member
    /// list.</summary>
    public static async Task<TimeSpan?> RemovedAfterAsync(BenchCluster cluster, int index, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var address = cluster.AddressOf(index);
        while (clock.Elapsed < within)
        {
            var asker = cluster.Nodes.Where((n, i) => i != index && n is { HasExited: false }).FirstOrDefault();
            if (asker is null)
                return null;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                var json = JsonNode.Parse(await asker.Http.GetStringAsync("/api/v1/cluster", timeout.Token))!;
                if (json["members"]!.AsArray().All(m => m!["address"]!.GetValue<string>() != address))
                    return clock.Elapsed;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        return null;
    }

    public static async Task<int> DeadDeliveriesAsync(BenchCluster cluster)
    {
        try
        {
            var json = JsonNode.Parse(await cluster.Running.First().Http.GetStringAsync("/api/v1/deliveries/dead"))!;
            return json["total"]!.GetValue<int>();
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    public sealed record SurvivorMetrics(long Retryable, long BreakerOpened);

    /// <summary>Delivery outcomes and breaker transitions the running nodes counted (a killed node's counts are
    /// gone).</summary>
    public static async Task<SurvivorMetrics> SurvivorMetricsAsync(BenchCluster cluster)
    {
        long retryable = 0,
            opened = 0;
        foreach (var node in cluster.Running)
        {
            PrometheusScrape scrape;
            try
            {
                scrape = await PrometheusScrape.FromAsync(node.Http);
            }
            catch (HttpRequestException)
            {
                continue;
            }
            retryable += (long)(scrape.Sum("alertactors_notifications_total", "outcome=\"retryable\"") ?? 0);
            opened += (long)(scrape.Sum("alertactors_breaker_transitions_total", "to=\"open\"") ?? 0);
        }
        return new SurvivorMetrics(retryable, opened);
    }
}
