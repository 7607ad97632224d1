using System.Globalization;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications;
using AlertActors.Notifications.PagerDuty;
using static AlertActors.Notifications.Tests.Build;

namespace AlertActors.Notifications.Tests;

public class PagerDutyPayloadTests
{
    private const string RoutingKey = "R0UT1NGKEY";

    [Fact]
    public void Trigger_body_is_exactly_the_contract_shape()
    {
        var request = Request(
            severity: Severity.Critical,
            timestamp: new DateTimeOffset(2025, 3, 1, 14, 0, 0, 123, TimeSpan.FromHours(2)),
            detailsJson: """{"mac":"aa:bb","vlan":42,"port":{"name":"ge-0/0/1"}}"""
        );

        var body = PagerDutyPayload.Build(request, RoutingKey);

        AssertJson(
            """
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
            """,
            body
        );
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
        Assert.Equal(
            expected,
            (string?)PagerDutyPayload.Build(Request(severity: severity), RoutingKey)["payload"]!["severity"]
        );
    }

    [Theory]
    [InlineData(NotificationAction.Acknowledge, "acknowledge")]
    [InlineData(NotificationAction.Resolve, "resolve")]
    public void Acknowledge_and_resolve_carry_only_routing_key_action_and_dedup_key(
        NotificationAction action,
        string name
    )
    {
        var body = PagerDutyPayload.Build(
            Request(action: action, by: "alice", note: "on it", detailsJson: """{"a":1}"""),
            RoutingKey
        );

        AssertJson(
            $$"""
            {"routing_key":"R0UT1NGKEY","event_action":"{{name}}","dedup_key":"acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff"}
            """,
            body
        );
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
        var resolve = (string?)
            PagerDutyPayload.Build(Request(NotificationAction.Resolve, dedupKey: key), RoutingKey)["dedup_key"];

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
        Assert.Equal(
            new string('t', 1024),
            (string?)PagerDutyPayload.Build(Request(summary: new string('t', 1024)), RoutingKey)["payload"]!["summary"]
        );
    }

    [Fact]
    public void Details_keep_their_json_types()
    {
        var details = PagerDutyPayload.Build(
            Request(detailsJson: """{"n":1.5,"b":true,"l":[1,"x"],"z":null}"""),
            RoutingKey
        )["payload"]!["custom_details"]!;

        AssertJson("""{"n":1.5,"b":true,"l":[1,"x"],"z":null}""", details);
    }

    [Fact]
    public void Timestamp_is_iso_8601_utc_whatever_the_current_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("th-TH"); // Buddhist calendar: year 2568
            var body = PagerDutyPayload.Build(
                Request(timestamp: new DateTimeOffset(2025, 3, 1, 12, 0, 0, 5, TimeSpan.Zero)),
                RoutingKey
            );

            Assert.Equal("2025-03-01T12:00:00.005Z", (string?)body["payload"]!["timestamp"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    public void A_blank_summary_is_never_sent(string summary)
    {
        var body = PagerDutyPayload.Build(Request(summary: summary), RoutingKey);

        Assert.Equal("dhcp.lease.rogue_mac on aa:bb:cc:dd:ee:ff", (string?)body["payload"]!["summary"]);
        Assert.Equal(
            "dhcp.lease.rogue_mac",
            (string?)PagerDutyPayload.Build(Request(summary: summary, subject: " "), RoutingKey)["payload"]!["summary"]
        );
        Assert.Equal(
            "k",
            (string?)
                PagerDutyPayload.Build(Request(summary: summary, type: "", dedupKey: "k"), RoutingKey)["payload"]![
                    "summary"
                ]
        );
    }

    [Fact]
    public void A_summary_is_trimmed_before_it_is_cut_so_the_cut_is_never_blank()
    {
        var sent = (string?)
            PagerDutyPayload.Build(Request(summary: new string(' ', 2000) + "disk full"), RoutingKey)["payload"]![
                "summary"
            ];

        Assert.Equal("disk full", sent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_source_is_never_sent(string source)
    {
        Assert.Equal(
            "AlertActors",
            (string?)PagerDutyPayload.Build(Request(source: source), RoutingKey)["payload"]!["source"]
        );
        Assert.Equal(
            "AlertActors",
            (string?)
                PagerDutyPayload.Build(Request(NotificationAction.Change, source: source), RoutingKey)["payload"]![
                    "source"
                ]
        );
    }

    [Fact]
    public void A_trigger_over_512_KB_has_its_largest_details_cut_and_stays_within_the_limit()
    {
        var huge = new string('x', 400_000) + "ü" + new string('y', 400_000);
        var request = Request(
            detailsJson: $$$"""{"small":"keep me","n":42,"nested":{"big":"{{{huge}}}","list":["{{{new string('z', 300_000)}}}","short"]}}"""
        );

        var body = PagerDutyPayload.Build(request, RoutingKey);

        Assert.InRange(
            PayloadBudget.Bytes(body),
            PagerDutyPayload.MaxEventBytes - 1000,
            PagerDutyPayload.MaxEventBytes
        );
        var details = body["payload"]!["custom_details"]!;
        Assert.Equal("keep me", (string?)details["small"]);
        Assert.Equal(42, (int?)details["n"]);
        Assert.Equal("short", (string?)details["nested"]!["list"]![1]);
        var big = (string)details["nested"]!["big"]!;
        var list0 = (string)details["nested"]!["list"]![0]!;
        Assert.EndsWith(PayloadBudget.Marker, big);
        Assert.EndsWith(PayloadBudget.Marker, list0);
        Assert.Equal(big.Length, list0.Length); // the largest values are cut to the same length
        Assert.Equal(huge, request.Details!.Value.GetProperty("nested").GetProperty("big").GetString()); // the alert's own data is untouched
    }

    [Fact]
    public void Details_escaped_on_the_wire_are_measured_as_sent()
    {
        var request = Request(detailsJson: $$"""{"quotes":"{{string.Concat(Enumerable.Repeat("\\\"", 300_000))}}"}""");

        var body = PagerDutyPayload.Build(request, RoutingKey);

        Assert.True(PayloadBudget.Bytes(body) <= PagerDutyPayload.MaxEventBytes);
        Assert.EndsWith(PayloadBudget.Marker, (string)body["payload"]!["custom_details"]!["quotes"]!);
    }

    [Fact]
    public void Details_too_many_to_cut_into_the_limit_are_left_out_with_a_note()
    {
        var many = string.Join(",", Enumerable.Range(0, 60_000).Select(i => $"\"k{i}\":{i}"));

        var body = PagerDutyPayload.Build(Request(detailsJson: "{" + many + "}"), RoutingKey);

        Assert.True(PayloadBudget.Bytes(body) <= PagerDutyPayload.MaxEventBytes);
        Assert.StartsWith("details of ", (string?)Assert.Single(body["payload"]!["custom_details"]!.AsObject()).Value);
    }

    [Fact]
    public void A_change_event_over_512_KB_is_cut_the_same_way()
    {
        var body = PagerDutyPayload.Build(
            Request(NotificationAction.Change, detailsJson: $$"""{"diff":"{{new string('d', 600_000)}}"}"""),
            RoutingKey
        );

        Assert.True(PayloadBudget.Bytes(body) <= PagerDutyPayload.MaxEventBytes);
        Assert.EndsWith(PayloadBudget.Marker, (string)body["payload"]!["custom_details"]!["diff"]!);
    }

    [Fact]
    public void A_trigger_within_512_KB_is_sent_whole()
    {
        var value = new string('x', 500_000);

        var body = PagerDutyPayload.Build(Request(detailsJson: $$"""{"v":"{{value}}"}"""), RoutingKey);

        Assert.Equal(value, (string?)body["payload"]!["custom_details"]!["v"]);
    }

    [Fact]
    public void The_change_event_body_and_path_follow_the_Change_Events_API()
    {
        var request = Request(
            action: NotificationAction.Change,
            summary: "deployed api v42",
            detailsJson: """{"version":"v42"}"""
        );

        Assert.Equal("v2/change/enqueue", PagerDutyPayload.PathOf(request));
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse(
                    """
                    {"routing_key":"rk","payload":{"summary":"deployed api v42","timestamp":"2025-03-01T12:00:00.000Z",
                     "source":"dhcp-watcher/site-a","custom_details":{"version":"v42"}}}
                    """
                ),
                PagerDutyPayload.Build(request, "rk")
            )
        );
        Assert.Equal("v2/enqueue", PagerDutyPayload.PathOf(Request()));
    }
}
