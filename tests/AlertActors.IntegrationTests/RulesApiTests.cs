using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using static AlertActors.IntegrationTests.RulesApiRequests;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Rules through the API on in-process nodes (README "Rules through the API"): validation in check-config's words,
/// revisions with who and when, configuration rules read-only, the rule set in force on the next event, after a
/// restart and on another node of the cluster, and the dry run.
/// </summary>
public sealed class RulesApiTests : IDisposable
{
    private const string Operator = "rules-operator-0001";
    private const string Viewer = "rules-viewer-0001";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly TestDirectory _directory = new();

    private const string Tokens = $$"""
        alertactors.http.tokens = [
          { name = ops-alice, token = "{{Operator}}", role = operator },
          { name = dashboard, token = "{{Viewer}}", role = viewer }
        ]
        """;

    private const string ConfigRule = """
        alertactors.rules = [
          { name = dns-burst, match { all = [ { field = type, op = eq, value = "dns.record.mismatch" } ] } }
        ]
        """;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_invalid_rule_is_refused_with_every_problem_in_check_configs_words_and_nothing_is_stored()
    {
        await using var node = await TestNode.StartAsync(_directory, "");

        var (status, body, contentType) = await PutRuleAsync(
            node,
            "rogue-mac",
            """
            {"match":{"all":[{"field":"data.mac","op":"matches","value":"x"}]},
             "severity":"urgent","treshold":{"count":2}}
            """
        );

        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(
            [
                "alertactors.rules[0] (rogue-mac).match.all[0].op: \"matches\" is not one of eq, ne, gt, gte, lt, lte, in, not-in, contains, regex, exists",
                "alertactors.rules[0] (rogue-mac).severity: \"urgent\" is not one of critical, high, medium, low, info",
                "alertactors.rules[0] (rogue-mac).treshold: unknown key (did you mean threshold?)",
            ],
            Problems(body).Order(StringComparer.Ordinal)
        );
        var (_, list, _) = await SendAsync(node, HttpMethod.Get, "/api/v1/rules");
        Assert.Equal(["default"], list!["rules"]!.AsArray().Select(r => r!["name"]!.ToString()));
        Assert.Equal(0, list["revision"]!.GetValue<long>());
    }

    [Fact]
    public async Task Each_change_is_a_revision_with_who_and_when_and_configuration_rules_are_read_only()
    {
        await using var node = await TestNode.StartAsync(_directory, Tokens + "\n" + ConfigRule);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var (created, rule, _) = await PutRuleAsync(node, "disk-full", DiskFull, Operator);
        Assert.Equal(201, created);
        Assert.Equal(("api", 1L, "ops-alice"), Meta(rule));
        Assert.InRange(rule!["updated_at"]!.GetValue<DateTimeOffset>(), before, DateTimeOffset.UtcNow.AddSeconds(1));
        var (replaced, again, _) = await PutRuleAsync(
            node,
            "disk-full",
            """{"name":"disk-full","severity":"high"}""",
            Operator
        );
        Assert.Equal(200, replaced);
        Assert.Equal(("api", 2L, "ops-alice"), Meta(again));
        Assert.Equal("high", again!["definition"]!["severity"]!.ToString());

        var (_, list, _) = await SendAsync(node, HttpMethod.Get, "/api/v1/rules", token: Viewer);
        var rules = list!["rules"]!.AsArray();
        Assert.Equal(["dns-burst", "disk-full"], rules.Select(r => r!["name"]!.ToString()));
        Assert.Equal("config", rules[0]!["origin"]!.ToString());
        Assert.Null(rules[0]!["revision"]);
        Assert.Equal("dns.record.mismatch", rules[0]!["definition"]!["match"]!["all"]![0]!["value"]!.ToString());
        Assert.Equal(2, list["revision"]!.GetValue<long>());

        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete })
        {
            var (status, problem, contentType) = await SendAsync(
                node,
                method,
                "/api/v1/rules/dns-burst",
                method == HttpMethod.Put ? """{"name":"dns-burst"}""" : null,
                Operator
            );
            Assert.Equal(409, status);
            Assert.Equal("application/problem+json", contentType);
            Assert.Contains("comes from the configuration file", problem!["detail"]!.ToString());
            Assert.Contains(
                method == HttpMethod.Put ? "change it there" : "delete it there",
                problem["detail"]!.ToString()
            );
        }
        var (posted, _, _) = await SendAsync(node, HttpMethod.Post, "/api/v1/rules", DiskFull, Operator);
        Assert.Equal(409, posted);
        var (byViewer, _, _) = await PutRuleAsync(node, "other", """{"name":"other"}""", Viewer);
        Assert.Equal(403, byViewer);

        var (deleted, gone, _) = await SendAsync(node, HttpMethod.Delete, "/api/v1/rules/disk-full", token: Operator);
        Assert.Equal(200, deleted);
        Assert.Equal(3, gone!["revision"]!.GetValue<long>());
        // The answer says who deleted it and when, not who last wrote it.
        Assert.Equal("ops-alice", gone["updated_by"]!.ToString());
        Assert.True(
            gone["updated_at"]!.GetValue<DateTimeOffset>() > again["updated_at"]!.GetValue<DateTimeOffset>(),
            "the deletion's time"
        );
        var (missing, _, _) = await SendAsync(node, HttpMethod.Get, "/api/v1/rules/disk-full", token: Viewer);
        Assert.Equal(404, missing);
        var (createdByPost, postedRule, _) = await SendAsync(
            node,
            HttpMethod.Post,
            "/api/v1/rules",
            DiskFull,
            Operator
        );
        Assert.Equal(201, createdByPost);
        Assert.Equal(4, postedRule!["revision"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_rule_applies_to_the_next_event_keeps_the_implicit_rule_for_the_rest_and_survives_a_restart()
    {
        await using (var node = await TestNode.StartAsync(_directory, ""))
        {
            var (status, _, _) = await PutRuleAsync(node, "disk-full", DiskFull);
            Assert.Equal(201, status);

            var (accepted, answer, _) = await SendAsync(
                node,
                HttpMethod.Post,
                "/api/v1/events",
                $"[{Event("e1", "disk.full", "h1")}, {Event("e2", "dns.down", "ns1")}]"
            );
            Assert.Equal(202, accepted);
            Assert.Equal(["default:disk:h1"], Alerts(answer, 0));
            // No rules in the configuration: the implicit rule still takes what no API rule matches.
            Assert.Equal(["default:dns.down:ns1"], Alerts(answer, 1));
            var alert = await node.TryGetAlertAsync("default:disk:h1");
            Assert.Equal("disk full on h1", alert!["summary"]!.ToString());
        }

        await using var restarted = await TestNode.StartAsync(_directory, "");
        var (_, rule, _) = await SendAsync(restarted, HttpMethod.Get, "/api/v1/rules/disk-full");
        Assert.Equal(("api", 1L, "anonymous"), Meta(rule));
        await Eventually.HoldsAsync(
            async () => (await RulesMatchingAsync(restarted, Event("e3", "disk.full", "h2"))) is ["disk-full"],
            Within,
            "the restarted node does not apply the stored rule"
        );
    }

    [Fact]
    public async Task A_rule_stored_on_one_node_is_in_force_on_the_other_node_of_the_cluster_promptly()
    {
        await using var first = await TestNode.StartAsync(_directory, "");
        var seed = new Uri(
            (await first.GetJsonAsync("/api/v1/info"))["node"]!
                .GetValue<string>()
                .Replace("akka.tcp://alertactors@", "tcp://")
        );
        await using var second = await TestNode.StartAsync(
            _directory,
            $"alertactors.cluster.seeds = \"{seed.Host}:{seed.Port}\"\nalertactors.persistence.shared-file = on\n"
        );
        Assert.Equal(["default"], await RulesMatchingAsync(second, Event("e0", "disk.full", "h1")));

        var (status, _, _) = await PutRuleAsync(first, "disk-full", DiskFull);
        Assert.Equal(201, status);
        await Eventually.HoldsAsync(
            async () => (await RulesMatchingAsync(second, Event("e1", "disk.full", "h1"))) is ["disk-full"],
            Within,
            "the second node never applied the rule stored through the first"
        );

        var (deleted, _, _) = await SendAsync(second, HttpMethod.Delete, "/api/v1/rules/disk-full");
        Assert.Equal(200, deleted);
        await Eventually.HoldsAsync(
            async () => (await RulesMatchingAsync(first, Event("e2", "disk.full", "h1"))) is ["default"],
            Within,
            "the first node never dropped the rule deleted through the second"
        );
    }

    [Fact]
    public async Task The_dry_run_answers_per_event_what_matches_and_why_not_and_records_nothing()
    {
        await using var node = await TestNode.StartAsync(
            _directory,
            ConfigRule + "\nalertactors.time-intervals { long-ago { years = [\"2001\"] } }"
        );

        var (status, body, _) = await SendAsync(
            node,
            HttpMethod.Post,
            "/api/v1/rules/test",
            $$$"""
            {"rules":[{{{DiskFull}}}, {"name":"quiet","min-severity":"critical","match":{"all":[{"field":"type","op":"eq","value":"cpu.high"}]}},
                      {"name":"old","active-during":["long-ago"],"match":{"all":[{"field":"type","op":"eq","value":"legacy"}]}}],
             "events":[{{{Event(
                "e1",
                "disk.full",
                "h1"
            )}}}, {"id":"e2","source":"s","type":"cpu.high","severity":"high"}, {{{Event("e3", "x", "y")}}}, {{{Event(
                "e5",
                "legacy",
                "z"
            )}}}]}
            """
        );

        Assert.Equal(200, status);
        var results = body!["results"]!.AsArray();
        Assert.Equal("matched", results[0]!["outcome"]!.ToString());
        var match = results[0]!["matches"]![0]!;
        Assert.Equal(
            ("disk-full", "default:disk:h1", "disk full on h1", "critical"),
            (
                match["rule"]!.ToString(),
                match["dedup_key"]!.ToString(),
                match["summary"]!.ToString(),
                match["severity"]!.ToString()
            )
        );
        Assert.Equal("below_min_severity", results[1]!["outcome"]!.ToString());
        Assert.Contains("quiet: severity high is below min-severity critical", results[1]!["reason"]!.ToString());
        Assert.Equal("no_rule_matched", results[2]!["outcome"]!.ToString());
        Assert.Equal(
            ["disk-full", "quiet", "old"],
            results[2]!["not_matched"]!.AsArray().Select(m => m!["rule"]!.ToString())
        );
        // A rule that matches outside its active-during says so, in the event's outcome and in the rule's.
        Assert.Equal("rule_inactive", results[3]!["outcome"]!.ToString());
        Assert.Contains(
            results[3]!["not_matched"]!.AsArray(),
            m => m!["rule"]!.ToString() == "old" && m["outcome"]!.ToString() == "rule_inactive"
        );

        // Without rules: the rule set in force (here the configuration's one rule).
        Assert.Equal(["dns-burst"], await RulesMatchingAsync(node, Event("e4", "dns.record.mismatch", "zone")));

        var (invalid, problem, _) = await SendAsync(
            node,
            HttpMethod.Post,
            "/api/v1/rules/test",
            """{"rules":[{"name":"bad","severity":"urgent"}],"events":[{"source":"s"}],"extra":1}"""
        );
        Assert.Equal(400, invalid);
        var problems = Problems(problem);
        Assert.Contains("extra: unknown key (rules or events)", problems);
        Assert.Contains(problems, p => p.StartsWith("alertactors.rules[0] (bad).severity:"));
        Assert.Contains(problems, p => p.StartsWith("events") && p.Contains("id"));

        Assert.Null(await node.TryGetAlertAsync("default:disk:h1"));
    }

    private static (string, long, string) Meta(JsonNode? rule) =>
        (rule!["origin"]!.ToString(), rule["revision"]!.GetValue<long>(), rule["updated_by"]!.ToString());

    private static IReadOnlyList<string> Alerts(JsonNode? answer, int index) =>
        [.. answer!["events"]![index]!["alerts"]!.AsArray().Select(a => a!.ToString())];
}
