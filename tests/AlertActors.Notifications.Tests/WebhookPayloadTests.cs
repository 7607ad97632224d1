using System.Net;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications.Webhook;
using Microsoft.Extensions.Logging.Abstractions;
using static AlertActors.Notifications.Tests.Build;

namespace AlertActors.Notifications.Tests;

public class WebhookPayloadTests
{
    [Fact]
    public void Trigger_body_has_every_documented_field()
    {
        var body = WebhookPayload.Build(
            Request(severity: Severity.Critical, detailsJson: """{"mac":"aa:bb","vlan":42}""")
        );

        AssertJson(
            """
            {
              "dedup_key": "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff",
              "action": "trigger",
              "summary": "rogue MAC on site-a",
              "severity": "critical",
              "source": "dhcp-watcher/site-a",
              "type": "dhcp.lease.rogue_mac",
              "subject": "aa:bb:cc:dd:ee:ff",
              "tenant": "acme",
              "timestamp": "2025-03-01T12:00:00.000Z",
              "details": {"mac":"aa:bb","vlan":42},
              "by": null,
              "note": null,
              "rule": "default",
              "escalation_step": null
            }
            """,
            body
        );
    }

    [Theory]
    [InlineData(NotificationAction.Acknowledge, "acknowledge")]
    [InlineData(NotificationAction.Resolve, "resolve")]
    public void Acknowledge_and_resolve_carry_who_and_why(NotificationAction action, string expected)
    {
        var body = WebhookPayload.Build(Request(action: action, by: "alice", note: "looking", subject: null));

        Assert.Equal(expected, (string?)body["action"]);
        Assert.Equal("alice", (string?)body["by"]);
        Assert.Equal("looking", (string?)body["note"]);
        Assert.True(body.ContainsKey("subject"));
        Assert.Null(body["subject"]);
        AssertJson("{}", body["details"]!);
    }

    [Fact]
    public void Nulls_are_written_so_the_shape_never_changes()
    {
        var json = WebhookPayload.Build(Request()).ToJsonString();

        Assert.Contains("\"by\":null", json);
        Assert.Contains("\"note\":null", json);
    }

    [Fact]
    public void Long_dedup_keys_are_sent_whole()
    {
        var key = new string('k', 2000);

        Assert.Equal(key, (string?)WebhookPayload.Build(Request(dedupKey: key))["dedup_key"]);
    }

    [Fact]
    public async Task Provider_posts_the_body_with_the_configured_headers()
    {
        var handler = new CapturingHandler();
        var provider = new WebhookProvider(
            new HttpClient(handler),
            DryWebhook with
            {
                Url = new Uri("https://hooks.example.org/in/s3cr3t"),
                Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer abc", ["X-Team"] = "netops" },
            },
            NullLogger<WebhookProvider>.Instance
        );

        var outcome = await provider.SendAsync(Request(), CancellationToken.None);

        Assert.Equal(DeliveryOutcomeKind.Delivered, outcome.Kind);
        Assert.Equal(HttpMethod.Post, handler.Method);
        Assert.Equal("https://hooks.example.org/in/s3cr3t", handler.Uri!.ToString());
        Assert.Equal("Bearer abc", handler.Headers["Authorization"]);
        Assert.Equal("netops", handler.Headers["X-Team"]);
        Assert.Equal("application/json; charset=utf-8", handler.ContentType);
        Assert.Equal("trigger", (string?)JsonNode.Parse(handler.Body!)!["action"]);
    }

    [Fact]
    public async Task Without_a_url_it_is_dry_run_and_sends_nothing()
    {
        var handler = new CapturingHandler();
        var provider = new WebhookProvider(new HttpClient(handler), DryWebhook, NullLogger<WebhookProvider>.Instance);

        Assert.True(provider.IsDryRun(Request()));
        Assert.Equal(DeliveryOutcomeKind.DryRun, (await provider.SendAsync(Request(), CancellationToken.None)).Kind);
        Assert.Null(handler.Uri);
    }

    [Fact]
    public void Options_never_print_the_url_or_header_values()
    {
        var text = (
            DryWebhook with
            {
                Url = new Uri("https://hooks.example.org/in/s3cr3t"),
                Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer abc" },
            }
        ).ToString();

        Assert.DoesNotContain("s3cr3t", text);
        Assert.DoesNotContain("abc", text);
    }
}

/// <summary>Records the one request it is sent and answers 200.</summary>
internal sealed class CapturingHandler(HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
{
    public HttpMethod? Method { get; private set; }
    public Uri? Uri { get; private set; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string? ContentType { get; private set; }
    public string? Body { get; private set; }

    /// <summary>The request's <c>Content-Length</c> as HttpClient would send it (null: it would send the body
    /// chunked).</summary>
    public long? ContentLength { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        Method = request.Method;
        Uri = request.RequestUri;
        foreach (var header in request.Headers)
            Headers[header.Key] = string.Join(",", header.Value);
        ContentType = request.Content?.Headers.ContentType?.ToString();
        ContentLength = request.Content?.Headers.ContentLength; // read before the body is buffered, which would make any length known
        Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        return new HttpResponseMessage(status) { Content = new StringContent("ok") };
    }
}
