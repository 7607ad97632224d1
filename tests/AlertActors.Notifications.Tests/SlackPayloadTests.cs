using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications.Slack;
using Microsoft.Extensions.Logging.Abstractions;
using static AlertActors.Notifications.Tests.Build;

namespace AlertActors.Notifications.Tests;

public class SlackPayloadTests
{
    private const string Key = "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff";

    [Fact]
    public void Trigger_message_has_the_severity_emoji_summary_and_dedup_key()
    {
        var body = SlackPayload.Build(Request(severity: Severity.Critical));

        AssertJson(
            $$$"""
            {
              "text": ":red_circle: *CRITICAL* rogue MAC on site-a ({{{Key}}})",
              "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": ":red_circle: *CRITICAL* rogue MAC on site-a"}},
                {"type": "context", "elements": [
                  {"type": "mrkdwn", "text": "dedup key: `{{{Key}}}` · tenant: acme · source: dhcp-watcher/site-a · subject: aa:bb:cc:dd:ee:ff"}
                ]}
              ]
            }
            """,
            body
        );
    }

    [Theory]
    [InlineData(Severity.Critical, ":red_circle:")]
    [InlineData(Severity.High, ":large_orange_circle:")]
    [InlineData(Severity.Medium, ":large_yellow_circle:")]
    [InlineData(Severity.Low, ":large_blue_circle:")]
    [InlineData(Severity.Info, ":white_circle:")]
    public void Each_severity_has_its_emoji(Severity severity, string emoji)
    {
        Assert.Equal(emoji, SlackPayload.EmojiOf(severity));
        Assert.StartsWith(emoji, (string?)SlackPayload.Build(Request(severity: severity))["text"]);
    }

    [Fact]
    public void Acknowledge_says_so_and_who()
    {
        var body = SlackPayload.Build(Request(action: NotificationAction.Acknowledge, by: "alice"));

        Assert.Equal($":eyes: *Acknowledged* by alice: rogue MAC on site-a ({Key})", (string?)body["text"]);
    }

    [Fact]
    public void Resolve_says_so_with_the_note_quoted()
    {
        var body = SlackPayload.Build(
            Request(action: NotificationAction.Resolve, by: "bob", note: "replaced the switch\nall clear")
        );

        Assert.Equal($":white_check_mark: *Resolved* by bob: rogue MAC on site-a ({Key})", (string?)body["text"]);
        Assert.Equal(
            ":white_check_mark: *Resolved* by bob: rogue MAC on site-a\n> replaced the switch\n> all clear",
            (string?)body["blocks"]![0]!["text"]!["text"]
        );
    }

    [Fact]
    public void Slack_control_characters_are_escaped()
    {
        var body = SlackPayload.Build(Request(summary: "<!channel> a & b > c"));

        Assert.Equal(
            ":large_orange_circle: *HIGH* &lt;!channel&gt; a &amp; b &gt; c",
            (string?)body["blocks"]![0]!["text"]!["text"]
        );
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void A_blank_summary_still_gives_a_text(string summary)
    {
        var body = SlackPayload.Build(Request(summary: summary));

        Assert.Equal(
            ":large_orange_circle: *HIGH* dhcp.lease.rogue_mac on aa:bb:cc:dd:ee:ff (acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff)",
            (string?)body["text"]
        );
        Assert.Equal(
            ":large_orange_circle: *HIGH* dhcp.lease.rogue_mac on aa:bb:cc:dd:ee:ff",
            (string?)body["blocks"]![0]!["text"]!["text"]
        );
    }

    [Fact]
    public void Block_text_is_cut_to_3000()
    {
        var body = SlackPayload.Build(Request(summary: new string('s', 5000)));

        Assert.Equal(SlackPayload.MaxBlockTextLength, ((string?)body["blocks"]![0]!["text"]!["text"])!.Length);
        Assert.Equal(SlackPayload.MaxBlockTextLength, ((string?)body["text"])!.Length);
    }

    [Fact]
    public async Task Provider_posts_the_message_to_the_url_and_is_dry_run_without_one()
    {
        var handler = new CapturingHandler();
        var provider = new SlackProvider(
            new HttpClient(handler),
            DrySlack with
            {
                Url = new Uri("https://hooks.slack.com/services/T0/B0/secret"),
            },
            NullLogger<SlackProvider>.Instance
        );

        Assert.Equal(DeliveryOutcomeKind.Delivered, (await provider.SendAsync(Request(), CancellationToken.None)).Kind);
        Assert.Equal("https://hooks.slack.com/services/T0/B0/secret", handler.Uri!.ToString());
        Assert.NotNull(JsonNode.Parse(handler.Body!)!["blocks"]);

        var dry = new SlackProvider(
            new HttpClient(new CapturingHandler()),
            DrySlack,
            NullLogger<SlackProvider>.Instance
        );
        Assert.True(dry.IsDryRun(Request()));
        Assert.DoesNotContain(
            "secret",
            (DrySlack with { Url = new Uri("https://hooks.slack.com/services/T0/B0/secret") }).ToString()
        );
    }
}
