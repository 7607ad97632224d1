using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.Actors.Silences;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Silences;
using AlertActors.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.IntegrationTests;

/// <summary>Silences over HTTP on a dry-run node: create, list, expire, validation, and a restart on the same
/// journal.</summary>
public sealed class SilencesApiTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_silence_is_created_listed_as_active_expired_and_survives_a_restart()
    {
        string id;
        await using (var node = await TestNode.StartAsync(_directory, ""))
        {
            using var created = await node.Http.PostAsync(
                "/api/v1/silences",
                Json(
                    """
                    {"matchers":[{"name":"tenant","value":"site-a","is_regex":false,"is_equal":true},
                                 {"name":"type","value":"dns\\..*","is_regex":true}],
                     "duration":"2h","created_by":"alice","comment":"maintenance"}
                    """
                )
            );
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var silence = (await created.Content.ReadFromJsonAsync<JsonNode>())!;
            id = silence["id"]!.GetValue<string>();
            Assert.True(Guid.TryParse(id, out _), id);
            Assert.Equal("active", silence["status"]!.GetValue<string>());
            Assert.Equal("alice", silence["created_by"]!.GetValue<string>());
            Assert.Equal(
                TimeSpan.FromHours(2),
                silence["ends_at"]!.GetValue<DateTimeOffset>() - silence["starts_at"]!.GetValue<DateTimeOffset>()
            );
            var matchers = silence["matchers"]!.AsArray();
            Assert.Equal(
                ("type", @"dns\..*", true, true),
                (
                    matchers[1]!["name"]!.GetValue<string>(),
                    matchers[1]!["value"]!.GetValue<string>(),
                    matchers[1]!["is_regex"]!.GetValue<bool>(),
                    matchers[1]!["is_equal"]!.GetValue<bool>()
                )
            );

            // The node's own copy (what alert entities consult) follows through the registry's publication.
            var lookup = node.Services.GetRequiredService<ISilenceLookup>();
            var dnsAlert = AlertState.Empty("site-a:dns.lookup.failed:ns1") with
            {
                Tenant = "site-a",
                Type = "dns.lookup.failed",
            };
            await Eventually.HoldsAsync(
                () => lookup.ActiveFor(dnsAlert, DateTimeOffset.UtcNow)?.Id == id,
                Within,
                "the node's silence cache never received the new silence"
            );
            Assert.Null(lookup.ActiveFor(dnsAlert with { Tenant = "site-b" }, DateTimeOffset.UtcNow));

            var active = await ListAsync(node, "?status=active");
            Assert.Equal([id], active.Select(s => s["id"]!.GetValue<string>()));
            Assert.Empty(await ListAsync(node, "?status=expired"));
            Assert.Equal(
                "maintenance",
                (await node.GetJsonAsync($"/api/v1/silences/{id}"))["comment"]!.GetValue<string>()
            );

            using var expired = await node.Http.DeleteAsync($"/api/v1/silences/{id}");
            Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
            Assert.Equal(
                "expired",
                (await expired.Content.ReadFromJsonAsync<JsonNode>())!["status"]!.GetValue<string>()
            );
            Assert.Empty(await ListAsync(node, "?status=active"));
            await Eventually.HoldsAsync(
                () => lookup.ActiveFor(dnsAlert, DateTimeOffset.UtcNow) is null,
                Within,
                "the node's silence cache never saw the expiry"
            );
            var all = await ListAsync(node, "");
            Assert.Equal(
                [(id, "expired")],
                all.Select(s => (s["id"]!.GetValue<string>(), s["status"]!.GetValue<string>()))
            );

            using var unknown = await node.Http.DeleteAsync($"/api/v1/silences/{Guid.NewGuid()}");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            using var badStatus = await node.Http.GetAsync("/api/v1/silences?status=muted");
            Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);

            // A pending and an active one across the restart.
            using var pending = await node.Http.PostAsync(
                "/api/v1/silences",
                Json(
                    """
                    {"matchers":[{"name":"severity","value":"info"}],"starts_at":"2998-12-31T00:00:00Z","ends_at":"2999-01-01T00:00:00Z","created_by":"carol","comment":"later"}
                    """
                )
            );
            Assert.Equal(HttpStatusCode.Created, pending.StatusCode);
            using var third = await node.Http.PostAsync(
                "/api/v1/silences",
                Json(
                    """
                    {"matchers":[{"name":"severity","value":"info"}],"duration":"3d","created_by":"bob","comment":"noise"}
                    """
                )
            );
            Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        }

        await using (var restarted = await TestNode.StartAsync(_directory, ""))
        {
            var all = await ListAsync(restarted, "");
            Assert.Equal(
                [("bob", "active"), ("carol", "pending"), ("alice", "expired")],
                all.Select(s => (s["created_by"]!.GetValue<string>(), s["status"]!.GetValue<string>()))
            );
            Assert.Equal(id, all[2]["id"]!.GetValue<string>());
            var cache = restarted.Services.GetRequiredService<SilenceCache>();
            await Eventually.HoldsAsync(
                () => cache.Current.Count == 3,
                Within,
                "the restarted node's silence cache never filled"
            );
        }
    }

    [Fact]
    public async Task An_invalid_silence_is_refused_with_every_problem_listed()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        using var response = await node.Http.PostAsync(
            "/api/v1/silences",
            Json(
                """
                {"matchers":[{"name":"hostname","value":"x"},{"name":"type","value":"(","is_regex":true}],
                 "ends_at":"2020-01-01T00:00:00Z","comment":"c"}
                """
            )
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        var problems = body["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(4, problems.Count);
        Assert.StartsWith("matchers[0].name: \"hostname\" is not an alert field", problems[0]);
        Assert.StartsWith("matchers[1].value: \"(\" is not a valid regular expression", problems[1]);
        Assert.Equal("ends_at: 2020-01-01T00:00:00Z is not in the future", problems[2]);
        Assert.Equal("created_by: required", problems[3]);
        Assert.Empty(await ListAsync(node, ""));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<IReadOnlyList<JsonNode>> ListAsync(TestNode node, string query) =>
        (await node.GetJsonAsync("/api/v1/silences" + query))["silences"]!.AsArray().Select(s => s!).ToList();

    public void Dispose() => _directory.Dispose();
}
