using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Every page reaches a person (issue 12), over HTTP against a provider stub that refuses exactly what PagerDuty and
/// OpsGenie document they refuse: whatever the inputs accept is delivered to both, cut to each provider's budgets; what
/// is over the per-event limits is refused at the input; a firing period's resolve goes where its trigger went, across
/// a restart.
/// </summary>
public sealed class ProviderLimitsEndToEndTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private const string DefaultKey = "dddddddddddddddddddddddddddddddd";
    private const string CriticalKey = "cccccccccccccccccccccccccccccccc";
    private readonly TestDirectory _directory = new();

    private static string Hocon(StrictProviderStub stub)
    {
        var tags = string.Join(
            ", ",
            Enumerable.Range(0, 25).Select(i => TestNode.Quote($"tag-{i:D2}-" + new string('t', 60)))
        );
        return stub.Hocon(DefaultKey)
            + $$"""

                alertactors {
                  pagerduty.routing.by-severity { critical = {{TestNode.Quote(CriticalKey)}} }
                  rules = [
                    {
                      name = by-labels
                      match { all = [ { field = type, op = eq, value = "labels.changed" } ] }
                      min-severity = info
                      dedup-key = "{tenant}:{type}:{data.labels}"
                    }
                    {
                      name = all
                      match { all = [ { field = type, op = ne, value = "labels.changed" } ] }
                      min-severity = info
                      route { opsgenie { tags = [{{tags}}] } }
                    }
                  ]
                }
                """;
    }

    [Fact]
    public async Task Every_accepted_event_reaches_both_providers_within_what_they_accept()
    {
        await using var stub = await StrictProviderStub.StartAsync();
        await StubRefusesWhatTheProvidersRefuse(stub);
        await using var node = await TestNode.StartAsync(_directory, Hocon(stub));

        var manyDetails = new JsonObject();
        for (var i = 0; i < 500; i++)
            manyDetails[$"metric-{i:D3}"] = new string('m', 100);
        JsonObject[] events =
        [
            Event("blank", summary: "   ", severity: "critical"),
            Event("padded", summary: new string(' ', 2000) + "disk full on db-1"),
            Event("big-value", data: new JsonObject { ["log"] = new string('l', 9000) }),
            Event("many-values", data: manyDetails),
            Event("long-summary", summary: new string('s', 20_000)),
            Event(new string('x', 1024), type: new string('y', 256), tenant: new string('n', 128)),
            Event("future", time: "2099-01-01T00:00:00Z"),
            Event(
                "labels-1",
                type: "labels.changed",
                data: JsonNode.Parse("""{"labels":{"job":"api","instance":"h1"}}""")!.AsObject()
            ),
            Event(
                "labels-2",
                type: "labels.changed",
                data: JsonNode.Parse("""{"labels":{"instance":"h1","job":"api"}}""")!.AsObject()
            ),
            Event(
                "labels-3",
                type: "labels.changed",
                data: JsonNode.Parse("""{"labels":{ "instance" : "h1" , "job" : "api" }}""")!.AsObject()
            ),
        ];
        Assert.Equal(HttpStatusCode.Accepted, (await node.Http.PostAsJsonAsync("/api/v1/events", events)).StatusCode);

        var tooLarge = await node.Http.PostAsync(
            "/api/v1/alertmanager",
            Json(Alertmanager("huge", new string('d', 600_000)))
        );
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.Contains("the limit is 65536", await tooLarge.Content.ReadAsStringAsync());
        Assert.Equal(
            HttpStatusCode.Accepted,
            (
                await node.Http.PostAsync("/api/v1/alertmanager", Json(Alertmanager("large", new string('d', 60_000))))
            ).StatusCode
        );

        var acknowledged = await node.Http.PostAsJsonAsync(
            $"/api/v1/alerts/{Uri.EscapeDataString("all:default:disk.full:blank")}/acknowledge",
            new { by = new string('b', 300), note = new string('n', 30_000) }
        );
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal(
            HttpStatusCode.OK,
            (
                await node.Http.PostAsJsonAsync(
                    $"/api/v1/alerts/{Uri.EscapeDataString("all:default:disk.full:padded")}/resolve",
                    new { by = "alice", note = "   " }
                )
            ).StatusCode
        );

        var keys = await AllAlertKeysAsync(node, expected: 9);
        await Eventually.HoldsAsync(
            async () =>
            {
                foreach (var key in keys)
                {
                    var deliveries = (await node.TryGetAlertAsync(key))!["deliveries"]!.AsArray();
                    if (deliveries.Count == 0 || deliveries.Any(d => (string?)d!["status"] != "delivered"))
                        return false;
                }
                return true;
            },
            Within,
            $"not every alert's deliveries were delivered; refused: {string.Join("; ", stub.Calls.Where(c => !c.Accepted).Select(c => $"{c.Path} {c.Problem}"))}"
        );

        Assert.All(
            stub.Calls,
            call => Assert.True(call.Accepted, $"{call.Provider} refused {call.Path}: {call.Problem}")
        );
        Assert.All(stub.Calls, call => Assert.NotNull(call.ContentLength));
        Assert.Equal(9 + 2, stub.PagerDutyCalls.Count); // a trigger per alert, one acknowledge, one resolve
        Assert.Equal(9 + 2, stub.OpsGenieCalls.Count);
        var labels = await node.TryGetAlertAsync("""default:labels.changed:{"instance":"h1","job":"api"}""");
        Assert.Equal(3, (long?)labels!["occurrences"]);
        var future = stub.PagerDutyCalls.Single(c => (string?)c.Body!["payload"]?["source"] == "producer/future").Body![
            "payload"
        ]!;
        Assert.StartsWith(DateTime.UtcNow.Year.ToString(), (string?)future["timestamp"]);
        Assert.Equal("2099-01-01T00:00:00.0000000+00:00", (string?)future["custom_details"]!["event_time"]);
    }

    [Fact]
    public async Task A_resolve_after_a_restart_goes_to_the_service_the_trigger_paged_whatever_the_severity_became()
    {
        await using var stub = await StrictProviderStub.StartAsync();
        const string key = "all:default:disk.full:lowered";
        await using (var node = await TestNode.StartAsync(_directory, Hocon(stub)))
        {
            await PostAsync(node, Event("lowered", severity: "critical", id: "t-1"));
            await Eventually.HoldsAsync(
                () => stub.PagerDutyCalls.Count == 1,
                Within,
                "the critical trigger never reached PagerDuty"
            );
            await PostAsync(node, Event("lowered", severity: "high", id: "t-2"));
            await Eventually.HoldsAsync(
                async () =>
                    (await node.TryGetAlertAsync(key))!["deliveries"]!
                        .AsArray()
                        .All(d => (string?)d!["status"] == "delivered"),
                Within,
                "the trigger was never confirmed"
            );
        }

        await using var restarted = await TestNode.StartAsync(_directory, Hocon(stub));
        await PostAsync(restarted, Event("lowered", severity: "high", id: "t-3", action: "resolve"));

        await Eventually.HoldsAsync(
            () => stub.PagerDutyCalls.Count == 2,
            Within,
            "the resolve never reached PagerDuty"
        );
        var (trigger, resolve) = (stub.PagerDutyCalls[0].Body!, stub.PagerDutyCalls[1].Body!);
        Assert.Equal(("trigger", CriticalKey), ((string?)trigger["event_action"], (string?)trigger["routing_key"]));
        Assert.Equal(("resolve", CriticalKey), ((string?)resolve["event_action"], (string?)resolve["routing_key"]));
        Assert.Equal((string?)trigger["dedup_key"], (string?)resolve["dedup_key"]);
    }

    [Fact]
    public async Task A_severity_raised_into_another_route_pages_it_and_the_resolve_reaches_both_services()
    {
        await using var stub = await StrictProviderStub.StartAsync();
        await using var node = await TestNode.StartAsync(
            _directory,
            Hocon(stub) + "\nalertactors.defaults.throttle { cooldown = 0s, max-per-hour = 0 }"
        );

        await PostAsync(node, Event("raised", severity: "high", id: "r-1"));
        await Eventually.HoldsAsync(
            () => stub.PagerDutyCalls.Count == 1,
            Within,
            "the high trigger never reached PagerDuty"
        );
        await PostAsync(node, Event("raised", severity: "critical", id: "r-2"));
        await Eventually.HoldsAsync(
            () => stub.PagerDutyCalls.Count == 3,
            Within,
            "the escalation never reached PagerDuty"
        );
        await PostAsync(node, Event("raised", severity: "critical", id: "r-3", action: "resolve"));

        await Eventually.HoldsAsync(
            () => stub.PagerDutyCalls.Count == 5,
            Within,
            "the resolves never reached PagerDuty"
        );
        var calls = stub
            .PagerDutyCalls.Select(c => ((string?)c.Body!["event_action"], (string?)c.Body!["routing_key"]))
            .ToList();
        Assert.Equal(("trigger", DefaultKey), calls[0]);
        Assert.Equal([("trigger", CriticalKey), ("trigger", DefaultKey)], calls[1..3].OrderBy(c => c.Item2));
        Assert.Equal([("resolve", CriticalKey), ("resolve", DefaultKey)], calls[3..5].OrderBy(c => c.Item2));
    }

    /// <summary>The stub is as strict as the providers: blank, over-length and over-size bodies are refused.</summary>
    private static async Task StubRefusesWhatTheProvidersRefuse(StrictProviderStub stub)
    {
        using var http = new HttpClient { BaseAddress = stub.Url };
        var trigger = (string summary, string details) =>
            Json(
                new JsonObject
                {
                    ["routing_key"] = DefaultKey,
                    ["event_action"] = "trigger",
                    ["dedup_key"] = "k",
                    ["payload"] = new JsonObject
                    {
                        ["summary"] = summary,
                        ["source"] = "s",
                        ["severity"] = "error",
                        ["custom_details"] = new JsonObject { ["d"] = details },
                    },
                }
            );
        var create = (string message, string details) =>
            Json(
                new JsonObject
                {
                    ["message"] = message,
                    ["details"] = new JsonObject { ["d"] = details },
                }
            );

        Assert.Equal(
            HttpStatusCode.Accepted,
            (await http.PostAsync("pagerduty/v2/enqueue", trigger("ok", "ok"))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await http.PostAsync("pagerduty/v2/enqueue", trigger("  ", "ok"))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await http.PostAsync("pagerduty/v2/enqueue", trigger(new string('s', 1025), "ok"))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await http.PostAsync("pagerduty/v2/enqueue", trigger("ok", new string('d', 512_000)))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Accepted,
            (await http.PostAsync("opsgenie/v2/alerts", create("ok", "ok"))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.UnprocessableEntity,
            (await http.PostAsync("opsgenie/v2/alerts", create(" ", "ok"))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.UnprocessableEntity,
            (await http.PostAsync("opsgenie/v2/alerts", create(new string('m', 131), "ok"))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.UnprocessableEntity,
            (await http.PostAsync("opsgenie/v2/alerts", create("ok", new string('d', 8000)))).StatusCode
        );
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "opsgenie/v2/alerts")
        {
            Content = JsonContent.Create(new { message = "ok" }),
        };
        Assert.Equal(HttpStatusCode.LengthRequired, (await http.SendAsync(chunked)).StatusCode);
        stub.Clear();
    }

    private static async Task<IReadOnlyList<string>> AllAlertKeysAsync(TestNode node, int expected)
    {
        IReadOnlyList<string> keys = [];
        await Eventually.HoldsAsync(
            async () =>
            {
                keys =
                [
                    .. (await node.GetJsonAsync("/api/v1/alerts?limit=1000"))["alerts"]!
                        .AsArray()
                        .Select(a => (string)a!["dedup_key"]!),
                ];
                return keys.Count == expected;
            },
            Within,
            $"expected {expected} alerts in the list"
        );
        return keys;
    }

    private static JsonObject Event(
        string subject,
        string? summary = null,
        string severity = "high",
        JsonObject? data = null,
        string type = "disk.full",
        string tenant = "default",
        string? time = null,
        string? id = null,
        string action = "trigger"
    ) =>
        new()
        {
            ["id"] = id ?? $"e-{subject[..Math.Min(subject.Length, 40)]}-{type.Length}",
            ["source"] = $"producer/{subject[..Math.Min(subject.Length, 40)]}",
            ["type"] = type,
            ["subject"] = subject,
            ["tenant"] = tenant,
            ["severity"] = severity,
            ["action"] = action,
            ["summary"] = summary,
            ["time"] = time,
            ["data"] = data,
        };

    private static JsonObject Alertmanager(string instance, string description) =>
        new()
        {
            ["version"] = "4",
            ["receiver"] = "alertactors",
            ["status"] = "firing",
            ["alerts"] = new JsonArray(
                new JsonObject
                {
                    ["status"] = "firing",
                    ["labels"] = new JsonObject
                    {
                        ["alertname"] = "DiskFull",
                        ["instance"] = instance,
                        ["severity"] = "critical",
                    },
                    ["annotations"] = new JsonObject { ["summary"] = "  ", ["description"] = description },
                    ["startsAt"] = "2026-11-23T02:58:00Z",
                    ["fingerprint"] = "fp-" + instance,
                }
            ),
        };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task PostAsync(TestNode node, JsonObject evt) =>
        Assert.Equal(HttpStatusCode.Accepted, (await node.Http.PostAsJsonAsync("/api/v1/events", evt)).StatusCode);

    public void Dispose() => _directory.Dispose();
}
