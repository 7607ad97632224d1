using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Notifications;
using AlertActors.Notifications.OpsGenie;
using static AlertActors.Notifications.Tests.Build;

namespace AlertActors.Notifications.Tests;

public class OpsGeniePayloadTests
{
    [Fact]
    public void Trigger_body_is_exactly_the_contract_shape()
    {
        var body = OpsGeniePayload.Build(
            Request(severity: Severity.Critical, detailsJson: """{"mac":"aa:bb","vlan":42}""")
        );

        AssertJson(
            """
            {
              "message": "rogue MAC on site-a",
              "alias": "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff",
              "description": "rogue MAC on site-a\n\ntype: dhcp.lease.rogue_mac\nsubject: aa:bb:cc:dd:ee:ff\ntenant: acme\nseverity: critical\ndedup key: acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff",
              "priority": "P1",
              "tags": ["alertactors", "severity:critical", "tenant:acme", "dhcp.lease.rogue_mac"],
              "details": {"mac":"aa:bb","vlan":"42","dedup_key":"acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff"},
              "entity": "aa:bb:cc:dd:ee:ff",
              "source": "dhcp-watcher/site-a"
            }
            """,
            body
        );
    }

    [Theory]
    [InlineData(Severity.Critical, "P1")]
    [InlineData(Severity.High, "P2")]
    [InlineData(Severity.Medium, "P3")]
    [InlineData(Severity.Low, "P4")]
    [InlineData(Severity.Info, "P5")]
    public void Priority_maps_critical_to_P1_through_info_to_P5(Severity severity, string expected)
    {
        Assert.Equal(expected, OpsGeniePayload.PriorityOf(severity));
        Assert.Equal(expected, (string?)OpsGeniePayload.Build(Request(severity: severity))["priority"]);
    }

    [Fact]
    public void Message_is_cut_to_130_on_a_character_boundary()
    {
        var summary = new string('m', 129) + "\U0001F4A9" + "rest";

        Assert.Equal(new string('m', 129), (string?)OpsGeniePayload.Build(Request(summary: summary))["message"]);
    }

    [Fact]
    public void Description_is_cut_to_15000()
    {
        var description = (string?)OpsGeniePayload.Build(Request(summary: new string('d', 20000)))["description"];

        Assert.Equal(OpsGeniePayload.MaxDescriptionLength, description?.Length);
    }

    [Fact]
    public void Details_are_a_string_map_including_the_dedup_key()
    {
        var details = OpsGeniePayload.Build(
            Request(detailsJson: """{"s":"x","n":1.5,"b":true,"o":{"k":[1,2]},"z":null}""")
        )["details"]!.AsObject();

        Assert.All(details, p => Assert.Equal(JsonValueKind.String, p.Value!.GetValueKind()));
        Assert.Equal("x", (string?)details["s"]);
        Assert.Equal("1.5", (string?)details["n"]);
        Assert.Equal("true", (string?)details["b"]);
        Assert.Equal("""{"k":[1,2]}""", (string?)details["o"]);
        Assert.Equal("null", (string?)details["z"]);
        Assert.Equal("acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff", (string?)details["dedup_key"]);
    }

    [Fact]
    public void Details_without_data_hold_only_the_dedup_key()
    {
        AssertJson("""{"dedup_key":"k"}""", OpsGeniePayload.Build(Request(dedupKey: "k"))["details"]!);
    }

    [Fact]
    public void Tags_are_at_most_20_each_at_most_50_and_without_duplicates()
    {
        var request = Request(tenant: new string('t', 80), type: "alertactors");

        var tags = OpsGeniePayload.Build(request)["tags"]!.AsArray().Select(t => (string)t!).ToList();

        Assert.InRange(tags.Count, 1, OpsGeniePayload.MaxTags);
        Assert.All(tags, t => Assert.InRange(t.Length, 1, OpsGeniePayload.MaxTagLength));
        Assert.Equal(tags.Distinct(), tags);
        Assert.Equal(["alertactors", "severity:high", "tenant:" + new string('t', 43)], tags);
    }

    [Fact]
    public void Alias_up_to_512_is_the_dedup_key()
    {
        var key = new string('a', 512);

        Assert.Equal(key, OpsGeniePayload.Alias(Request(dedupKey: key)));
    }

    [Fact]
    public void Long_alias_is_hashed_within_512_and_the_same_for_create_and_close()
    {
        var key = "acme:" + new string('a', 700);
        var create = Request(dedupKey: key);
        var close = Request(NotificationAction.Resolve, dedupKey: key);

        var alias = (string?)OpsGeniePayload.Build(create)["alias"];

        Assert.NotNull(alias);
        Assert.True(alias.Length <= OpsGeniePayload.MaxAliasLength);
        Assert.NotEqual(key, alias);
        Assert.Equal(alias, OpsGeniePayload.Alias(close));
        Assert.Equal(
            $"v2/alerts/{Uri.EscapeDataString(alias)}/close?identifierType=alias",
            OpsGeniePayload.PathOf(close)
        );
    }

    [Theory]
    [InlineData(NotificationAction.Trigger, "v2/alerts")]
    [InlineData(
        NotificationAction.Acknowledge,
        "v2/alerts/acme%3Adhcp%2Flease%20x%3Fy%23z%26w/acknowledge?identifierType=alias"
    )]
    [InlineData(NotificationAction.Resolve, "v2/alerts/acme%3Adhcp%2Flease%20x%3Fy%23z%26w/close?identifierType=alias")]
    public void Paths_address_the_alert_by_escaped_alias(NotificationAction action, string expected)
    {
        Assert.Equal(expected, OpsGeniePayload.PathOf(Request(action, dedupKey: "acme:dhcp/lease x?y#z&w")));
    }

    [Theory]
    [InlineData(NotificationAction.Acknowledge)]
    [InlineData(NotificationAction.Resolve)]
    public void Acknowledge_and_close_bodies_name_the_user_and_note(NotificationAction action)
    {
        AssertJson(
            """{"user":"alice","source":"AlertActors","note":"on it"}""",
            OpsGeniePayload.Build(Request(action, by: "alice", note: "on it"))
        );
    }

    [Fact]
    public void Acknowledge_without_user_or_note_is_by_alertactors()
    {
        AssertJson(
            """{"user":"AlertActors","source":"AlertActors"}""",
            OpsGeniePayload.Build(Request(NotificationAction.Acknowledge, note: ""))
        );
    }

    [Fact]
    public void Missing_subject_gives_an_empty_entity()
    {
        Assert.Equal("", (string?)OpsGeniePayload.Build(Request(subject: null))["entity"]);
    }

    [Fact]
    public void Entity_source_and_user_are_cut_to_OpsGenie_limits()
    {
        var created = OpsGeniePayload.Build(Request(subject: new string('e', 1024), source: new string('s', 256)));
        var closed = OpsGeniePayload.Build(Request(action: NotificationAction.Resolve, by: new string('u', 300)));

        Assert.Equal(OpsGeniePayload.MaxEntityLength, ((string?)created["entity"])?.Length);
        Assert.Equal(OpsGeniePayload.MaxSourceLength, ((string?)created["source"])?.Length);
        Assert.Equal(OpsGeniePayload.MaxUserLength, ((string?)closed["user"])?.Length);
        Assert.Equal(
            (512, 100, 100),
            (OpsGeniePayload.MaxEntityLength, OpsGeniePayload.MaxSourceLength, OpsGeniePayload.MaxUserLength)
        );
    }

    [Fact]
    public void A_rule_route_adds_its_responders_and_tags()
    {
        var route = new AlertRoute(
            null,
            ["security-team", "user:alice@example.org", "escalation:night"],
            ["auth", "brute-force"]
        );

        var body = OpsGeniePayload.Build(Request(), route);

        AssertJson(
            """
            [{"name":"security-team","type":"team"},{"username":"alice@example.org","type":"user"},{"name":"night","type":"escalation"}]
            """,
            body["responders"]!
        );
        Assert.Equal(
            ["alertactors", "severity:high", "tenant:acme", "dhcp.lease.rogue_mac", "auth", "brute-force"],
            body["tags"]!.AsArray().Select(t => (string)t!)
        );
        Assert.Null(OpsGeniePayload.Build(Request())["responders"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("    ")]
    public void A_blank_message_is_never_sent(string summary)
    {
        var body = OpsGeniePayload.Build(Request(summary: summary));

        Assert.Equal("dhcp.lease.rogue_mac on aa:bb:cc:dd:ee:ff", (string?)body["message"]);
        Assert.StartsWith("dhcp.lease.rogue_mac on aa:bb:cc:dd:ee:ff\n", (string?)body["description"]);
        Assert.Equal(
            "disk full",
            (string?)OpsGeniePayload.Build(Request(summary: new string(' ', 200) + "disk full"))["message"]
        );
    }

    [Fact]
    public void Details_of_9000_characters_are_cut_to_8000_in_total_with_a_marker()
    {
        var request = Request(detailsJson: $$"""{"log":"{{new string('l', 9000)}}","host":"db-1"}""");

        var details = OpsGeniePayload.Build(request)["details"]!.AsObject();

        Assert.Equal(OpsGeniePayload.MaxDetailsLength, details.Sum(d => d.Key.Length + ((string?)d.Value)!.Length));
        Assert.EndsWith(PayloadBudget.Marker, (string?)details["log"]);
        Assert.Equal("db-1", (string?)details["host"]);
        Assert.Equal("acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff", (string?)details["dedup_key"]);
        Assert.Equal(9000, request.Details!.Value.GetProperty("log").GetString()!.Length); // the alert's own data is untouched
    }

    [Fact]
    public void Details_cut_the_largest_values_first_and_to_the_same_length()
    {
        var details = OpsGeniePayload.Build(
            Request(
                detailsJson: $$"""
                {"a":"{{new string('a', 5000)}}","b":"{{new string('b', 4000)}}","c":"{{new string(
                    'c',
                    300
                )}}","n":12345}
                """
            )
        )["details"]!.AsObject();

        Assert.True(details.Sum(d => d.Key.Length + ((string?)d.Value)!.Length) <= OpsGeniePayload.MaxDetailsLength);
        Assert.Equal(((string?)details["a"])!.Length, ((string?)details["b"])!.Length);
        Assert.Equal(new string('c', 300), (string?)details["c"]);
        Assert.Equal("12345", (string?)details["n"]);
    }

    [Fact]
    public void Details_too_many_to_fit_are_left_out_with_a_count()
    {
        var many = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"key-{i:D4}\":\"value {i}\""));

        var details = OpsGeniePayload.Build(Request(detailsJson: "{" + many + "}"))["details"]!.AsObject();

        Assert.True(details.Sum(d => d.Key.Length + ((string?)d.Value)!.Length) <= OpsGeniePayload.MaxDetailsLength);
        Assert.Matches(@"^\d+ more details left out$", (string?)details[PayloadBudget.OmittedKey]);
        Assert.Equal("acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff", (string?)details["dedup_key"]);
        Assert.Equal("value 0", (string?)details["key-0000"]);
    }

    [Fact]
    public void Details_within_8000_are_sent_whole()
    {
        var value = new string('v', OpsGeniePayload.MaxDetailsLength - "v".Length - "dedup_key".Length - "k".Length);

        var details = OpsGeniePayload.Build(Request(dedupKey: "k", detailsJson: $$"""{"v":"{{value}}"}"""))["details"]!;

        Assert.Equal(value, (string?)details["v"]);
    }

    [Fact]
    public void A_note_is_cut_to_25000()
    {
        var closed = OpsGeniePayload.Build(
            Request(NotificationAction.Resolve, by: "alice", note: new string('n', 30_000))
        );

        Assert.Equal(OpsGeniePayload.MaxNoteLength, ((string?)closed["note"])!.Length);
        Assert.Equal(25_000, OpsGeniePayload.MaxNoteLength);
    }

    [Fact]
    public void A_blank_user_or_note_is_not_sent()
    {
        AssertJson(
            """{"user":"AlertActors","source":"AlertActors"}""",
            OpsGeniePayload.Build(Request(NotificationAction.Resolve, by: "  ", note: " \n "))
        );
    }

    [Fact]
    public void Blank_tags_are_left_out()
    {
        var body = OpsGeniePayload.Build(Request(), new AlertRoute(null, [], ["", "  ", " ops "]));

        Assert.Equal(
            ["alertactors", "severity:high", "tenant:acme", "dhcp.lease.rogue_mac", "ops"],
            body["tags"]!.AsArray().Select(t => (string)t!)
        );
    }
}
