using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static AlertActors.IntegrationTests.TenantScopeRequests;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Tokens with <c>tenants = [...]</c>: they see and act on their tenants' alerts, silences, dead deliveries and events
/// only; another tenant's alert or silence is 404 exactly as a missing one (nothing tells which keys exist elsewhere),
/// events of another tenant are refused whole, and the cluster API and /metrics need an unscoped token.
/// </summary>
public sealed class TenantScopeTests : IDisposable
{
    private const string Admin = "admin-secret-0001";
    private const string SiteA = "site-a-secret-0001";
    private const string SiteAViewer = "site-a-viewer-0001";
    private const string KeyA = "site-a:health.check.failed:db-a";
    private const string KeyB = "site-b:health.check.failed:db-b";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    private string Hocon =>
        _providers.Hocon
        + $$"""

            alertactors.defaults.providers = [pagerduty]
            alertactors.http.api-token = "{{Admin}}"
            alertactors.http.tokens = [
              { name = site-a-ops, token = "{{SiteA}}", role = operator, tenants = [site-a] },
              { name = site-a-dash, token = "{{SiteAViewer}}", role = viewer, tenants = ["site-a", "site-c"] }
            ]
            """;

    [Fact]
    public async Task A_scoped_token_sees_and_acts_on_its_own_tenants_only()
    {
        // PagerDuty refuses every call for good, so each alert also leaves a dead delivery.
        _providers.PagerDuty.ResetMappings();
        _providers
            .PagerDuty.Given(Request.Create().WithPath("/v2/enqueue").UsingPost())
            .RespondWith(
                Response
                    .Create()
                    .WithStatusCode(400)
                    .WithBodyAsJson(new { status = "invalid event", message = "refused" })
            );
        await using var node = await TestNode.StartAsync(_directory, Hocon);

        using (
            var posted = await Send(
                node,
                HttpMethod.Post,
                "/api/v1/events",
                Admin,
                new[] { Event("a-1", "site-a", "db-a"), Event("b-1", "site-b", "db-b") }
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await Eventually.HoldsAsync(
            async () =>
                (await Json(node, "/api/v1/deliveries/dead", Admin))["total"]!.GetValue<long>() == 2
                && (await Json(node, "/api/v1/alerts", Admin))["total"]!.GetValue<long>() == 2,
            Within,
            "the two alerts and their dead deliveries never showed up for the admin token"
        );

        // Lists: only site-a.
        var alerts = await Json(node, "/api/v1/alerts", SiteA);
        Assert.Equal([KeyA], alerts["alerts"]!.AsArray().Select(a => a!["dedup_key"]!.GetValue<string>()));
        Assert.Equal(1, alerts["total"]!.GetValue<long>());
        Assert.Equal(
            [KeyA],
            (await Json(node, "/api/v1/alerts?tenant=site-a", SiteA))["alerts"]!
                .AsArray()
                .Select(a => a!["dedup_key"]!.GetValue<string>())
        );
        using (var other = await Send(node, HttpMethod.Get, "/api/v1/alerts?tenant=site-b", SiteA, null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
            Assert.Equal(
                "token site-a-ops is limited to tenants [site-a]; it may not list tenant \"site-b\"",
                await ErrorOf(other)
            );
        }
        var dead = await Json(node, "/api/v1/deliveries/dead", SiteA);
        Assert.Equal(1, dead["total"]!.GetValue<long>());
        Assert.Equal([KeyA], dead["deliveries"]!.AsArray().Select(d => d!["dedup_key"]!.GetValue<string>()));
        var deadB = (await Json(node, "/api/v1/deliveries/dead", Admin))["deliveries"]!
            .AsArray()
            .Single(d => d!["dedup_key"]!.GetValue<string>() == KeyB)!["id"]!.GetValue<string>();

        // One alert: its own 200; another tenant's existing alert answers GET, acknowledge, resolve and dead-delivery
        // retry exactly as a key that exists nowhere does (404, same body); nothing changes.
        Assert.Equal(
            "site-a",
            (await Json(node, $"/api/v1/alerts/{Uri.EscapeDataString(KeyA)}", SiteA))["tenant"]!.GetValue<string>()
        );
        Assert.Equal(
            "site-a",
            (await Json(node, $"/api/v1/alerts/{Uri.EscapeDataString(KeyA)}", SiteAViewer))[
                "tenant"
            ]!.GetValue<string>()
        );
        foreach (
            var (method, path) in new[]
            {
                (HttpMethod.Get, "/api/v1/alerts/{0}"),
                (HttpMethod.Post, "/api/v1/alerts/{0}/acknowledge"),
                (HttpMethod.Post, "/api/v1/alerts/{0}/resolve"),
            }
        )
        {
            var (existing, missing) = await BothAsync(
                node,
                method,
                path,
                SiteA,
                KeyB,
                "site-b:health.check.failed:no-such-db"
            );
            Assert.Equal(HttpStatusCode.NotFound, existing.Status);
            Assert.Equal(missing, existing);
        }
        var deadMissing = AlertActors.Host.Api.DeadDeliveryId.Encode("site-b:health.check.failed:no-such-db", 1);
        var (deadExisting, deadUnknown) = await BothAsync(
            node,
            HttpMethod.Post,
            "/api/v1/deliveries/dead/{0}/retry",
            SiteA,
            deadB,
            deadMissing,
            escape: false
        );
        Assert.Equal(HttpStatusCode.NotFound, deadExisting.Status);
        Assert.Equal(deadUnknown, deadExisting);
        var b = await Json(node, $"/api/v1/alerts/{Uri.EscapeDataString(KeyB)}", Admin);
        Assert.Equal("firing", b["status"]!.GetValue<string>());
        Assert.Contains(
            deadB,
            (await Json(node, "/api/v1/deliveries/dead", Admin))["deliveries"]!
                .AsArray()
                .Select(d => d!["id"]!.GetValue<string>())
        );
        using (
            var unknown = await Send(
                node,
                HttpMethod.Post,
                "/api/v1/alerts/site-a%3Anothing/acknowledge",
                SiteA,
                new { by = "alice" }
            )
        )
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (
            var ack = await Send(
                node,
                HttpMethod.Post,
                $"/api/v1/alerts/{Uri.EscapeDataString(KeyA)}/acknowledge",
                SiteA,
                new { by = "alice" }
            )
        )
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            Assert.Equal(
                "acknowledged",
                (await ack.Content.ReadFromJsonAsync<JsonNode>())!["status"]!.GetValue<string>()
            );
        }

        // Events: another tenant's are refused, and so is a batch that holds one; nothing of it is processed.
        using (
            var foreign = await Send(
                node,
                HttpMethod.Post,
                "/api/v1/events",
                SiteA,
                new[] { Event("a-2", "site-a", "db-a2"), Event("b-2", "site-b", "db-b2") }
            )
        )
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
            var body = (await foreign.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.Equal(
                "token site-a-ops is limited to tenants [site-a]; event(s) of other tenants; nothing was processed",
                body["error"]!.GetValue<string>()
            );
            Assert.Equal(
                ["[1] (id b-2): tenant \"site-b\" is outside this token's tenants"],
                body["problems"]!.AsArray().Select(p => p!.GetValue<string>())
            );
        }
        using (
            var defaultTenant = await Send(
                node,
                HttpMethod.Post,
                "/api/v1/events",
                SiteA,
                new
                {
                    id = "d-1",
                    source = "s",
                    type = "t.x",
                    subject = "x",
                    severity = "critical",
                }
            )
        )
            Assert.Equal(HttpStatusCode.Forbidden, defaultTenant.StatusCode); // no tenant = "default", which is not site-a
        Assert.Null(await node.TryGetAlertAsyncWith(Admin, "site-a:health.check.failed:db-a2"));
        Assert.Null(await node.TryGetAlertAsyncWith(Admin, "site-b:health.check.failed:db-b2"));
        using (
            var own = await Send(
                node,
                HttpMethod.Post,
                "/api/v1/events",
                SiteA,
                new[] { Event("a-3", "site-a", "db-a3") }
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        Assert.NotNull(await node.TryGetAlertAsyncWith(SiteA, "site-a:health.check.failed:db-a3"));

        // Silences: a scoped token's silence must name one of its tenants; it sees only those.
        using (
            var unscoped = await Send(
                node,
                HttpMethod.Post,
                "/api/v1/silences",
                SiteA,
                Silence(("type", "health.check.failed"))
            )
        )
        {
            Assert.Equal(HttpStatusCode.Forbidden, unscoped.StatusCode);
            Assert.StartsWith(
                "token site-a-ops is limited to tenants [site-a]; a silence it creates needs a matcher tenant=",
                await ErrorOf(unscoped)
            );
        }
        using (
            var foreignSilence = await Send(
                node,
                HttpMethod.Post,
                "/api/v1/silences",
                SiteA,
                Silence(("tenant", "site-b"))
            )
        )
            Assert.Equal(HttpStatusCode.Forbidden, foreignSilence.StatusCode);
        // Two tenant matchers, one of them another tenant's: refused (it would be shown to that tenant).
        using (
            var straddling = await Send(
                node,
                HttpMethod.Post,
                "/api/v1/silences",
                SiteA,
                Silence(("tenant", "site-a"), ("tenant", "site-b"))
            )
        )
        {
            Assert.Equal(HttpStatusCode.Forbidden, straddling.StatusCode);
            Assert.StartsWith(
                "token site-a-ops is limited to tenants [site-a]; a silence it creates needs a matcher tenant=",
                await ErrorOf(straddling)
            );
        }
        var ownSilence = await CreatedId(
            await Send(
                node,
                HttpMethod.Post,
                "/api/v1/silences",
                SiteA,
                Silence(("tenant", "site-a"), ("subject", "db-a"))
            )
        );
        var silenceB = await CreatedId(
            await Send(node, HttpMethod.Post, "/api/v1/silences", Admin, Silence(("tenant", "site-b")))
        );
        var silenceAll = await CreatedId(
            await Send(node, HttpMethod.Post, "/api/v1/silences", Admin, Silence(("type", "health.check.failed")))
        );
        var silenceAB = await CreatedId(
            await Send(
                node,
                HttpMethod.Post,
                "/api/v1/silences",
                Admin,
                Silence(("tenant", "site-a"), ("tenant", "site-b"))
            )
        );

        Assert.Equal(
            [ownSilence],
            (await Json(node, "/api/v1/silences", SiteA))["silences"]!
                .AsArray()
                .Select(s => s!["id"]!.GetValue<string>())
        );
        Assert.Equal(4, (await Json(node, "/api/v1/silences", Admin))["silences"]!.AsArray().Count);
        Assert.Equal(ownSilence, (await Json(node, $"/api/v1/silences/{ownSilence}", SiteA))["id"]!.GetValue<string>());
        foreach (var id in new[] { silenceB, silenceAll, silenceAB })
        {
            const string unknown = "00000000-0000-0000-0000-000000000000";
            var (get, getUnknown) = await BothAsync(node, HttpMethod.Get, "/api/v1/silences/{0}", SiteA, id, unknown);
            Assert.Equal(HttpStatusCode.NotFound, get.Status);
            Assert.Equal(getUnknown, get);
            var (expire, expireUnknown) = await BothAsync(
                node,
                HttpMethod.Delete,
                "/api/v1/silences/{0}",
                SiteA,
                id,
                unknown
            );
            Assert.Equal(HttpStatusCode.NotFound, expire.Status);
            Assert.Equal(expireUnknown, expire);
            Assert.Equal("active", (await Json(node, $"/api/v1/silences/{id}", Admin))["status"]!.GetValue<string>());
        }
        using (var expireOwn = await Send(node, HttpMethod.Delete, $"/api/v1/silences/{ownSilence}", SiteA, null))
            Assert.Equal(HttpStatusCode.OK, expireOwn.StatusCode);

        // The cluster API needs a token without tenants, even to read it.
        using (var cluster = await Send(node, HttpMethod.Get, "/api/v1/cluster", SiteAViewer, null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, cluster.StatusCode);
            Assert.Equal(
                "token site-a-dash is limited to tenants [site-a, site-c]; the cluster API needs a token without tenants",
                await ErrorOf(cluster)
            );
        }
        using (var adminCluster = await Send(node, HttpMethod.Get, "/api/v1/cluster", Admin, null))
            Assert.Equal(HttpStatusCode.OK, adminCluster.StatusCode);

        // So do /metrics: they count every tenant's alerts.
        using (var metrics = await Send(node, HttpMethod.Get, "/metrics", SiteAViewer, null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, metrics.StatusCode);
            Assert.Equal(
                "token site-a-dash is limited to tenants [site-a, site-c]; /metrics needs a token without tenants",
                await ErrorOf(metrics)
            );
        }
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
