using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Providers (or proxies before them) that echo every header, the URL and the body of each call back in their error
/// answers, plus the secrets the calls did not carry: no configured secret reaches a log line, an API response or a
/// journal row; they show as ***.
/// </summary>
public sealed class SecretRedactionTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    private readonly TestDirectory _directory = new();

    /// <summary>Each secret's distinctive core: it appears unchanged in every encoding of the secret (raw, JSON,
    /// URL).</summary>
    private readonly Dictionary<string, string> _cores = [];

    private string Secret(string name, string shape)
    {
        var core = Guid.NewGuid().ToString("N");
        _cores[name] = core;
        return shape.Replace("CORE", core, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_configured_secret_reaches_logs_api_answers_or_the_journal_when_providers_echo_them()
    {
        var pdDefault = Secret("pagerduty.routing-key", "pd-default-CORE");
        var pdTenant = Secret("pagerduty.routing.by-tenant", "pd-tenant-CORE");
        var pdSeverity = Secret("pagerduty.routing.by-severity", "pd-severity-CORE");
        var pdRule = Secret("rules[0].route.pagerduty.routing-key", "pd-rule-CORE");
        var pdEscalation = Secret("rules[0].escalation[0].notify.route.pagerduty.routing-key", "pd-escalation-CORE");
        var ogKey = Secret("opsgenie.api-key", "og+CORE/key==");
        var webhookPath = Secret("webhook.url (path)", "wh-path-CORE");
        var webhookQuery = Secret("webhook.url (query)", "wh-sig-CORE");
        var webhookHeader = Secret("webhook.headers.X-Api-Key", "wh+header/CORE==");
        var webhookBearer = Secret("webhook.headers.Authorization", "wh-bearer-CORE");
        var slackPath = Secret("slack.url", "slack-CORE");
        var adminToken = Secret("http.api-token", "admin-CORE");
        var viewerToken = Secret("http.tokens[0].token", "viewer-CORE");
        var pdWebhookSecret = Secret("pagerduty.webhook-secret", "pd-webhook-CORE");
        var ogWebhookToken = Secret("opsgenie.webhook-token", "og-webhook-CORE");
        // What a badly configured proxy might print about itself: the secrets the calls never carried.
        var dump =
            $"debug: tokens={adminToken},{viewerToken} webhook-secrets={pdWebhookSecret};{ogWebhookToken} keys={pdDefault} {pdTenant} {pdSeverity} {pdRule} {pdEscalation} {ogKey}";

        using var pagerDuty = new EchoStub(401, dump);
        using var opsGenie = new EchoStub(503, dump);
        using var webhook = new EchoStub(400, dump);
        using var slack = new EchoStub(500, dump);
        var webhookUrl = $"{webhook.Url}/hooks/{webhookPath}?sig={webhookQuery}";
        var slackUrl = $"{slack.Url}/services/T0000/B0000/{slackPath}";
        var hocon = $$"""
            alertactors {
              defaults.providers = [pagerduty, opsgenie, webhook, slack]
              pagerduty {
                endpoint = {{TestNode.Quote(pagerDuty.Url)}}
                routing-key = {{TestNode.Quote(pdDefault)}}
                webhook-secret = {{TestNode.Quote(pdWebhookSecret)}}
                routing {
                  by-tenant { t-tenant = {{TestNode.Quote(pdTenant)}} }
                  by-severity { high = {{TestNode.Quote(pdSeverity)}} }
                }
              }
              opsgenie {
                endpoint = {{TestNode.Quote(opsGenie.Url)}}
                api-key = {{TestNode.Quote(ogKey)}}
                webhook-token = {{TestNode.Quote(ogWebhookToken)}}
              }
              webhook {
                url = {{TestNode.Quote(webhookUrl)}}
                headers {
                  X-Api-Key = {{TestNode.Quote(webhookHeader)}}
                  Authorization = {{TestNode.Quote("Bearer " + webhookBearer)}}
                }
              }
              slack.url = {{TestNode.Quote(slackUrl)}}
              http {
                api-token = {{TestNode.Quote(adminToken)}}
                tokens = [ { name = dash, token = {{TestNode.Quote(
                viewerToken
            )}}, role = viewer, tenants = [t-default] } ]
              }
              delivery {
                retry-base-delay = 100ms
                retry-max-delay = 1s
                breaker.max-failures = 100000
              }
              rules = [
                {
                  name = routed
                  match { all = [ { field = tenant, op = eq, value = t-route } ] }
                  route { pagerduty { routing-key = {{TestNode.Quote(pdRule)}} } }
                  escalation = [
                    { after = 1h, notify { providers = [pagerduty], route { pagerduty { routing-key = {{TestNode.Quote(
                pdEscalation
            )}} } } } }
                  ]
                }
                {
                  name = others
                  match { all = [ { field = tenant, op = ne, value = t-route } ] }
                }
              ]
            }
            """;
        var environment = new Dictionary<string, string>
        {
            ["Logging__LogLevel__System.Net.Http.HttpClient"] = "Trace",
        };
        await using var node = await NodeProcess.StartAsync(_directory, hocon, environment);
        var answers = new StringBuilder();
        try
        {
            var events = new[]
            {
                ("t-route", "critical"),
                ("t-tenant", "critical"),
                ("t-sev", "high"),
                ("t-default", "critical"),
            }
                .Select(
                    (e, i) =>
                        new
                        {
                            id = $"secret-{i}",
                            source = "disk-watcher",
                            type = "disk.full",
                            subject = $"db-{i}",
                            severity = e.Item2,
                            tenant = e.Item1,
                        }
                )
                .ToArray();
            using (var posted = await SendAsync(node, HttpMethod.Post, "/api/v1/events", adminToken, events))
                Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

            // Every PagerDuty key was used and refused, every webhook call refused; OpsGenie and Slack failed and were
            // retried (logged).
            await Eventually.HoldsAsync(
                async () =>
                {
                    var dead = JsonNode.Parse(await GetAsync(node, "/api/v1/deliveries/dead", adminToken, answers))!;
                    return dead["total"]!.GetValue<long>() == 8 && opsGenie.Calls >= 8 && slack.Calls >= 8;
                },
                Within,
                "the refused deliveries never piled up"
            );
            var routingKeys = pagerDuty
                .Server.LogEntries.Select(e =>
                    JsonNode.Parse(e.RequestMessage.Body!)!["routing_key"]!.GetValue<string>()
                )
                .ToHashSet();
            Assert.Equal(new HashSet<string> { pdDefault, pdTenant, pdSeverity, pdRule }, routingKeys);

            var deadDeliveries = JsonNode.Parse(await GetAsync(node, "/api/v1/deliveries/dead", adminToken, answers))![
                "deliveries"
            ]!.AsArray();
            Assert.All(
                deadDeliveries,
                d =>
                {
                    var detail = d!["detail"]!.GetValue<string>();
                    Assert.Matches("^HTTP 40[01]: ", detail);
                    Assert.Contains("***", detail);
                }
            );
            var alerts = JsonNode.Parse(await GetAsync(node, "/api/v1/alerts", adminToken, answers))![
                "alerts"
            ]!.AsArray();
            Assert.Equal(4, alerts.Count);
            foreach (var alert in alerts)
            {
                var path = $"/api/v1/alerts/{Uri.EscapeDataString(alert!["dedup_key"]!.GetValue<string>())}";
                var full = JsonNode.Parse(await GetAsync(node, path, adminToken, answers))!;
                Assert.Contains(
                    full["deliveries"]!.AsArray(),
                    d =>
                        d!["provider"]!.GetValue<string>() == "opsgenie"
                        && d["detail"]!.GetValue<string>().StartsWith("HTTP 503: ", StringComparison.Ordinal)
                );
            }
            await GetAsync(node, "/api/v1/alerts", viewerToken, answers);
            await GetAsync(node, "/api/v1/deliveries/dead", viewerToken, answers);
            await GetAsync(node, "/api/v1/info", adminToken, answers);
            await GetAsync(node, "/api/v1/rules", adminToken, answers);
            await GetAsync(node, "/api/v1/rules/routed", adminToken, answers);
            await GetAsync(node, "/api/v1/cluster", adminToken, answers);
            await GetAsync(node, "/metrics", adminToken, answers);
            // The retries were logged with the provider's (masked) answer.
            Assert.Contains("failed (HTTP 503: debug: tokens=***,*** webhook-secrets=***;***", node.Output);
        }
        finally
        {
            await node.KillAsync();
        }

        var output = node.Output;
        var journal = string.Join(
            "\n",
            Directory.GetFiles(_directory.Path, "*.db*").Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f)))
        );
        Assert.Contains("disk.full", journal);
        foreach (
            var (where, text) in new[]
            {
                ("the node's log", output),
                ("the API's answers", answers.ToString()),
                ("the journal", journal),
            }
        )
        {
            foreach (var (name, core) in _cores)
            {
                // The first 8 characters of a core also catch a secret cut in half.
                Assert.False(
                    text.Contains(core[..8], StringComparison.OrdinalIgnoreCase),
                    $"{name} appears in {where}"
                );
            }
        }
    }

    private static async Task<string> GetAsync(NodeProcess node, string path, string token, StringBuilder answers)
    {
        using var response = await SendAsync(node, HttpMethod.Get, path, token, null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        answers.AppendLine(body);
        return body;
    }

    private static Task<HttpResponseMessage> SendAsync(
        NodeProcess node,
        HttpMethod method,
        string path,
        string token,
        object? body
    ) => ApiRolesTests.SendAsync(node.Http, method, path, token, body);

    public void Dispose() => _directory.Dispose();
}
