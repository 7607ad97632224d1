using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>A dedup key in a URL path is percent-decoded exactly once: each key has one URL, and no URL reaches another
/// key.</summary>
public sealed class DedupKeyUrlTests : IDisposable
{
    private const string Prefix = "acme:disk.full:";

    /// <summary>Subjects (the last part of each key) that a second decoding, or a decoding of '+' as a space, would
    /// confuse.</summary>
    private static readonly string[] Subjects =
    [
        "x%2Fy",
        "x/y",
        "x%252Fy",
        "x%2fy",
        "100%",
        "%",
        "%zz",
        "a+b",
        "a b",
        "a%20b",
        "a%2Bb",
        "über/日本 ✓",
        "q?x=1#f",
        "..",
        "x%2F..%2Fy",
    ];

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Every_key_round_trips_through_its_escaped_url_and_no_url_reaches_another_key()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        var events = Subjects
            .Select(
                (subject, i) =>
                    new
                    {
                        id = $"url-{i}",
                        source = "disk-watcher",
                        type = "disk.full",
                        subject,
                        severity = "critical",
                        tenant = "acme",
                    }
            )
            .ToArray();
        using (var posted = await node.Http.PostAsJsonAsync("/api/v1/events", events))
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        foreach (var subject in Subjects)
        {
            var key = Prefix + subject;
            var alert = await node.TryGetAlertAsync(key);
            Assert.True(alert is not null, $"GET {Path(key)} found nothing for {key}");
            Assert.Equal(key, alert["dedup_key"]!.GetValue<string>());
        }

        // The issue's pair: the correct encoding of the first key reaches it, not the second; each one's acknowledge
        // acts on it alone.
        using (var first = await node.Http.GetAsync("/api/v1/alerts/acme%3Adisk.full%3Ax%252Fy"))
            Assert.Equal(
                Prefix + "x%2Fy",
                (await first.Content.ReadFromJsonAsync<JsonNode>())!["dedup_key"]!.GetValue<string>()
            );
        using (var ack = await node.Http.PostAsJsonAsync($"{Path(Prefix + "x%2Fy")}/acknowledge", new { by = "alice" }))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            Assert.Equal(
                Prefix + "x%2Fy",
                (await ack.Content.ReadFromJsonAsync<JsonNode>())!["dedup_key"]!.GetValue<string>()
            );
        }
        using (var resolve = await node.Http.PostAsJsonAsync($"{Path(Prefix + "a b")}/resolve", new { by = "bob" }))
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        foreach (var subject in Subjects)
        {
            var status = (await node.TryGetAlertAsync(Prefix + subject))!["status"]!.GetValue<string>();
            Assert.True(
                status
                    == subject switch
                    {
                        "x%2Fy" => "acknowledged",
                        "a b" => "resolved",
                        _ => "firing",
                    },
                $"{subject}: {status}"
            );
        }

        // A key that exists nowhere is 404, not a near neighbour.
        using (var missing = await node.Http.GetAsync(Path(Prefix + "x%25252Fy")))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static string Path(string key) => $"/api/v1/alerts/{Uri.EscapeDataString(key)}";

    public void Dispose() => _directory.Dispose();
}
