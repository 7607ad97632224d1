using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>A grouping rule (README "Grouping") and the requests the grouping tests make.</summary>
internal static class GroupingFixture
{
    /// <summary>The rule: <c>disk.full</c> events, one alert per host, grouped by <c>data.site</c>.</summary>
    public static string Rule(TimeSpan wait, TimeSpan? interval = null) =>
        $$"""

            alertactors.rules = [
              {
                name = DiskFull
                match { all = [ { field = type, op = eq, value = "disk.full" } ] }
                dedup-key = "{tenant}:disk:{subject}"
                group { by = ["data.site"], wait = {{(int)wait.TotalSeconds}}s, interval = {{(int)(
                interval ?? TimeSpan.FromMinutes(10)
            ).TotalSeconds}}s }
              }
            ]
            """;

    public static string KeyOf(string site) => $"DiskFull:{{data.site=\"{site}\"}}";

    /// <summary>POSTs disk.full triggers for hosts <paramref name="first"/>.. on sites <c>s0</c>..<c>s{sites-1}</c>
    /// (host i on site i mod sites), 100 per request.</summary>
    public static async Task PostAsync(HttpClient http, int first, int count, int sites, string action = "trigger")
    {
        for (var start = first; start < first + count; start += 100)
        {
            var events = Enumerable
                .Range(start, Math.Min(100, first + count - start))
                .Select(i => new
                {
                    id = $"disk-{i}-{action}",
                    source = "disk-watcher",
                    type = "disk.full",
                    subject = $"h{i}",
                    severity = "critical",
                    action,
                    data = new { site = $"s{i % sites}" },
                })
                .ToArray();
            using var response = await http.PostAsJsonAsync("/api/v1/events", events);
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw new InvalidOperationException(
                    $"POST events returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"
                );
        }
    }

    /// <summary>GET /api/v1/groups/{key}; null on 404.</summary>
    public static async Task<JsonNode?> TryGetGroupAsync(HttpClient http, string key)
    {
        using var response = await http.GetAsync($"/api/v1/groups/{Uri.EscapeDataString(key)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonNode>();
    }

    /// <summary>The trigger calls PagerDuty received, by dedup key.</summary>
    public static List<JsonNode> PagerDutyTriggers(ProviderStubs providers) =>
        [
            .. providers
                .PagerDutyCalls.Select(ProviderStubs.BodyOf)
                .Where(b => b["event_action"]!.GetValue<string>() == "trigger"),
        ];

    /// <summary>The alert creations OpsGenie received (not acknowledge or close).</summary>
    public static List<JsonNode> OpsGenieCreates(ProviderStubs providers) =>
        [
            .. providers
                .OpsGenieCalls.Where(c => c.RequestMessage.Path.TrimEnd('/').EndsWith("/v2/alerts"))
                .Select(ProviderStubs.BodyOf),
        ];
}
