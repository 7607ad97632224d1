using System.Globalization;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications.PagerDuty;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

public class PagerDutyPayloadTests
{
    private const string RoutingKey = "R0UT1NGKEY";

    [Fact]
    public void Trigger_body_is_exactly_the_contract_shape()
    {
        var request = Request(severity: Severity.Critical, timestamp: new DateTimeOffset(2025, 3, 1, 14, 0, 0, 123, TimeSpan.FromHours(2)),
            detailsJson: """{"mac":"aa:bb","vlan":42,"port":{"name":"ge-0/0/1"}}""");

        var body = PagerDutyPayload.Build(request, RoutingKey);

        AssertJson("""
            {
              "routing_key": "R0UT1NGKEY",
              "event_action": "trigger",
              "dedup_key": "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff",
              "payload": {
                "summary": "rogue MAC on site-a",
                "source": "dhcp-watcher/site-a",
                "severity": "critical",
                "timestamp": "2025-03-01T12:00:00.123Z",
                "component": "aa:bb:cc:dd:ee:ff",
                "group": "acme",
                "class": "dhcp.lease.rogue_mac",
                "custom_details": {"mac":"aa:bb","vlan":42,"port":{"name":"ge-0/0/1"}}
              }
            }
            """, body);
    }

    [Theory]
    [InlineData(Severity.Critical, "critical")]
    [InlineData(Severity.High, "error")]
    [InlineData(Severity.Medium, "warning")]
    [InlineData(Severity.Low, "info")]
    [InlineData(Severity.Info, "info")]
    public void Severity_maps_per_contract(Severity severity, string expected)
    {
        Assert.Equal(expected, PagerDutyPayload.SeverityOf(severity));
        Assert.Equal(expected, (string?)PagerDutyPayload.Build(Request(severity: severity), RoutingKey)["payload"]!["severity"]);
    }

    [Theory]
    [InlineData(NotificationAction.Acknowledge, "acknowledge")]
    [InlineData(NotificationAction.Resolve, "resolve")]
    public void Acknowledge_and_resolve_carry_only_routing_key_action_and_dedup_key(NotificationAction action, string name)
    {
        var body = PagerDutyPayload.Build(Request(action: action, by: "alice", note: "on it", detailsJson: """{"a":1}"""), RoutingKey);

        AssertJson($$"""
            {"routing_key":"R0UT1NGKEY","event_action":"{{name}}","dedup_key":"acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff"}
            """, body);
    }

    [Fact]
    public void Missing_subject_and_details_give_empty_component_and_details()
    {
        var payload = PagerDutyPayload.Build(Request(subject: null), RoutingKey)["payload"]!;

        Assert.Equal("", (string?)payload["component"]);
        AssertJson("{}", payload["custom_details"]!);
    }

    [Fact]
    public void Dedup_key_up_to_255_is_sent_as_is()
    {
        var key = new string('k', 255);

        Assert.Equal(key, (string?)PagerDutyPayload.Build(Request(dedupKey: key), RoutingKey)["dedup_key"]);
    }

    [Fact]
    public void Long_dedup_key_is_hashed_the_same_way_for_trigger_and_resolve()
    {
        var key = "acme:" + new string('k', 300);

        var trigger = (string?)PagerDutyPayload.Build(Request(dedupKey: key), RoutingKey)["dedup_key"];
        var resolve = (string?)PagerDutyPayload.Build(Request(NotificationAction.Resolve, dedupKey: key), RoutingKey)["dedup_key"];

        Assert.NotNull(trigger);
        Assert.True(trigger.Length <= PagerDutyPayload.MaxDedupKeyLength);
        Assert.NotEqual(key, trigger);
        Assert.Equal(trigger, resolve);
    }

    [Fact]
    public void Summary_is_cut_to_1024_on_a_character_boundary()
    {
        var summary = new string('s', 1023) + "\U0001F4A9" + "tail";

        var sent = (string?)PagerDutyPayload.Build(Request(summary: summary), RoutingKey)["payload"]!["summary"];

        Assert.Equal(new string('s', 1023), sent);
        Assert.Equal(new string('t', 1024), (string?)PagerDutyPayload.Build(Request(summary: new string('t', 1024)), RoutingKey)["payload"]!["summary"]);
    }

    [Fact]
    public void Details_keep_their_json_types()
    {
        var details = PagerDutyPayload.Build(Request(detailsJson: """{"n":1.5,"b":true,"l":[1,"x"],"z":null}"""), RoutingKey)["payload"]!["custom_details"]!;

        AssertJson("""{"n":1.5,"b":true,"l":[1,"x"],"z":null}""", details);
    }

    [Fact]
    public void Timestamp_is_iso_8601_utc_whatever_the_current_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("th-TH"); // Buddhist calendar: year 2568
            var body = PagerDutyPayload.Build(Request(timestamp: new DateTimeOffset(2025, 3, 1, 12, 0, 0, 5, TimeSpan.Zero)), RoutingKey);

            Assert.Equal("2025-03-01T12:00:00.005Z", (string?)body["payload"]!["timestamp"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }
}
