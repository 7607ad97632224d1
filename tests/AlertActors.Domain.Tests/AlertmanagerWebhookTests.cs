using AlertActors.Domain.Events;

namespace AlertActors.Domain.Tests;

public class AlertmanagerWebhookTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    private static ParsedEvents Parse(string json) =>
        AlertmanagerWebhook.Parse(System.Text.Encoding.UTF8.GetBytes(json), Received);

    private const string Payload = """
        {"version":"4","groupKey":"{}:{alertname=\"DiskFull\"}","status":"firing","receiver":"alertactors",
         "groupLabels":{"alertname":"DiskFull"},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://am:9093",
         "alerts":[
          {"status":"firing","labels":{"alertname":"DiskFull","instance":"db-1:9100","severity":"warning","tenant":"site-a"},
           "annotations":{"summary":"Disk 95% full on db-1"},"startsAt":"2026-11-23T02:58:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prom/graph","fingerprint":"a1b2"},
          {"status":"resolved","labels":{"alertname":"NodeDown","job":"node"},"annotations":{},
           "startsAt":"2026-11-23T02:00:00Z","endsAt":"2026-11-23T02:55:00Z","fingerprint":"c3d4"}
         ]}
        """;

    [Fact]
    public void Each_alert_becomes_an_event_firing_as_trigger_and_resolved_as_resolve()
    {
        var parsed = Parse(Payload);

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems));
        var (firing, resolved) = (parsed.Events[0], parsed.Events[1]);
        Assert.Equal(
            (
                "DiskFull",
                "{instance=\"db-1:9100\", severity=\"warning\"}",
                Severity.Medium,
                "site-a",
                EventAction.Trigger
            ),
            (firing.Type, firing.Subject, firing.Severity, firing.Tenant, firing.Action)
        );
        Assert.Equal("Disk 95% full on db-1", firing.Summary);
        Assert.Equal("alertmanager/alertactors", firing.Source);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 58, 0, TimeSpan.Zero), firing.Time);
        Assert.Equal("a1b2", firing.Data!.Value.GetProperty("fingerprint").GetString());
        Assert.Equal(
            ("NodeDown", "{job=\"node\"}", Severity.High, "default", EventAction.Resolve),
            (resolved.Type, resolved.Subject, resolved.Severity, resolved.Tenant, resolved.Action)
        );
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 55, 0, TimeSpan.Zero), resolved.Time);
    }

    [Fact]
    public void The_same_notification_repeated_by_Alertmanager_keeps_its_event_id_so_it_is_deduplicated()
    {
        Assert.Equal(Parse(Payload).Events.Select(e => e.Id), Parse(Payload).Events.Select(e => e.Id));
        Assert.NotEqual(
            Parse(Payload).Events[0].Id,
            Parse(
                Payload.Replace(
                    "\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\"",
                    "\"status\":\"resolved\",\"labels\":{\"alertname\":\"DiskFull\""
                )
            )
                .Events[0]
                .Id
        );
    }

    [Theory]
    [InlineData("""{"version":"3","alerts":[{}]}""", "version: must be \"4\" (Alertmanager webhook payload)")]
    [InlineData("""{"version":"4","alerts":[]}""", "alerts: must be a non-empty array")]
    [InlineData("""{"version":"4","alerts":[{"labels":{}}]}""", "alerts[0].labels.alertname: is required")]
    [InlineData("""nope""", "body is not valid JSON")]
    public void Invalid_payloads_are_rejected_with_the_reason(string json, string problem) =>
        Assert.StartsWith(problem, Assert.Single(Parse(json).Problems));

    [Theory]
    [InlineData("critical", Severity.Critical)]
    [InlineData("page", Severity.Critical)]
    [InlineData("error", Severity.High)]
    [InlineData("warning", Severity.Medium)]
    [InlineData("info", Severity.Info)]
    [InlineData(null, Severity.High)]
    public void Severity_labels_map_onto_ours(string? label, Severity expected) =>
        Assert.Equal(expected, AlertmanagerWebhook.SeverityOf(label));

    /// <summary>A webhook with one firing alert; <paramref name="labels"/> and <paramref name="annotations"/> are JSON
    /// objects.</summary>
    private static string OneAlert(
        string annotations,
        string labels = """{"alertname":"DiskFull","instance":"db-1"}"""
    ) =>
        "{\"version\":\"4\",\"receiver\":\"alertactors\",\"alerts\":[{\"status\":\"firing\",\"labels\":"
        + labels
        + ",\"annotations\":"
        + annotations
        + ",\"startsAt\":\"2026-11-23T02:58:00Z\",\"fingerprint\":\"a1b2\"}]}";

    [Fact]
    public void An_alert_over_the_per_event_limit_is_refused_like_an_oversized_event_of_any_other_input()
    {
        var parsed = Parse(OneAlert($$"""{"description":"{{new string('d', 600_000)}}"}"""));

        Assert.Empty(parsed.Events);
        Assert.Matches(@"^alerts\[0\]: event is 60\d{4} bytes; the limit is 65536$", Assert.Single(parsed.Problems));
    }

    [Fact]
    public void An_alert_just_under_the_per_event_limit_is_accepted_whole()
    {
        var parsed = Parse(OneAlert($$"""{"description":"{{new string('d', 60_000)}}"}"""));

        Assert.Equal(60_000, Assert.Single(parsed.Events).Summary!.Length);
    }

    [Theory]
    [InlineData("alertname", 257, "alerts[0].labels.alertname: is 257 characters; the limit is 256")]
    [InlineData("tenant", 129, "alerts[0].labels.tenant: is 129 characters; the limit is 128")]
    public void Labels_that_become_event_fields_are_held_to_the_same_field_limits(
        string label,
        int length,
        string problem
    )
    {
        var labels = new System.Text.Json.Nodes.JsonObject { ["alertname"] = "DiskFull" };
        labels[label] = new string('x', length);

        Assert.Equal([problem], Parse(OneAlert("{}", labels.ToJsonString())).Problems);
    }

    [Fact]
    public void A_body_with_a_duplicate_member_name_is_refused_as_invalid_json_not_thrown()
    {
        var problem = Assert.Single(Parse(OneAlert("{}", """{"alertname":"DiskFull","alertname":"Other"}""")).Problems);

        Assert.StartsWith("body is not valid JSON", problem);
    }

    [Theory]
    [InlineData("""{"summary":"   ","description":"disk 95% full"}""", "disk 95% full")]
    [InlineData("""{"summary":"\t","description":" "}""", "DiskFull")]
    public void A_blank_annotation_counts_as_absent(string annotations, string summary) =>
        Assert.Equal(summary, Assert.Single(Parse(OneAlert(annotations)).Events).Summary);

    [Fact]
    public void Two_alerts_of_one_name_with_different_labels_are_two_subjects_and_label_order_does_not_matter()
    {
        var sda = Parse(OneAlert("{}", """{"alertname":"DiskFull","instance":"h1","device":"sda"}""")).Events.Single();
        var sdb = Parse(OneAlert("{}", """{"alertname":"DiskFull","instance":"h1","device":"sdb"}""")).Events.Single();
        var sdaReordered = Parse(OneAlert("{}", """{"device":"sda","alertname":"DiskFull","instance":"h1"}"""))
            .Events.Single();

        Assert.Equal("{device=\"sda\", instance=\"h1\"}", sda.Subject);
        Assert.Equal("{device=\"sdb\", instance=\"h1\"}", sdb.Subject);
        Assert.Equal(sda.Subject, sdaReordered.Subject);
    }

    [Fact]
    public void Label_values_are_escaped_so_different_label_sets_never_render_alike()
    {
        var quoted = Parse(OneAlert("{}", """{"alertname":"A","a":"x\", b=\"y"}""")).Events.Single();
        var two = Parse(OneAlert("{}", """{"alertname":"A","a":"x","b":"y"}""")).Events.Single();

        Assert.Equal("{a=\"x\\\", b=\\\"y\"}", quoted.Subject);
        Assert.Equal("{a=\"x\", b=\"y\"}", two.Subject);
    }

    [Fact]
    public void A_label_set_over_the_subject_limit_is_represented_by_the_alerts_fingerprint()
    {
        var labels = new System.Text.Json.Nodes.JsonObject
        {
            ["alertname"] = "DiskFull",
            ["instance"] = new string('x', 1100),
        };
        var json =
            $$"""{"version":"4","alerts":[{"status":"firing","labels":{{labels.ToJsonString()}},"fingerprint":"f00d"}]}""";

        var parsed = Parse(json);

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems));
        Assert.Equal("f00d", parsed.Events.Single().Subject);
    }

    [Fact]
    public void A_webhook_of_any_number_of_alerts_is_accepted_as_Alertmanager_sets_no_limit_by_default()
    {
        var alerts = string.Join(
            ",",
            Enumerable
                .Range(0, 1200)
                .Select(i =>
                    $$"""{"status":"firing","labels":{"alertname":"DiskFull","instance":"h{{i}}"},"fingerprint":"f{{i}}"}"""
                )
        );

        var parsed = Parse($$"""{"version":"4","alerts":[{{alerts}}]}""");

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems));
        Assert.Equal(1200, parsed.Events.Select(e => e.Subject).Distinct().Count());
    }

    [Fact]
    public void An_invalid_alert_does_not_refuse_the_valid_ones_beside_it()
    {
        var parsed = Parse(
            """
            {"version":"4","alerts":[
              {"status":"firing","labels":{"alertname":"DiskFull","instance":"h1"}},
              {"status":"firing","labels":{"instance":"h2"}},
              {"status":"firing","labels":{"alertname":"DiskFull","instance":"h3"}}]}
            """
        );

        Assert.True(parsed.IsPartial);
        Assert.Equal(1, parsed.Refused);
        Assert.Equal(["{instance=\"h1\"}", "{instance=\"h3\"}"], parsed.Events.Select(e => e.Subject));
        Assert.Equal(["alerts[1].labels.alertname: is required"], parsed.Problems);
    }
}
