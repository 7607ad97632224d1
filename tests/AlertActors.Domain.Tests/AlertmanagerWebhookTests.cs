using AlertActors.Domain.Events;

namespace AlertActors.Domain.Tests;

public class AlertmanagerWebhookTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    private static ParsedEvents Parse(string json) => AlertmanagerWebhook.Parse(System.Text.Encoding.UTF8.GetBytes(json), Received);

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
        Assert.Equal(("DiskFull", "db-1:9100", Severity.Medium, "site-a", EventAction.Trigger), (firing.Type, firing.Subject, firing.Severity, firing.Tenant, firing.Action));
        Assert.Equal("Disk 95% full on db-1", firing.Summary);
        Assert.Equal("alertmanager/alertactors", firing.Source);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 58, 0, TimeSpan.Zero), firing.Time);
        Assert.Equal("a1b2", firing.Data!.Value.GetProperty("fingerprint").GetString());
        Assert.Equal(("NodeDown", "node", Severity.High, "default", EventAction.Resolve), (resolved.Type, resolved.Subject, resolved.Severity, resolved.Tenant, resolved.Action));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 2, 55, 0, TimeSpan.Zero), resolved.Time);
    }

    [Fact]
    public void The_same_notification_repeated_by_Alertmanager_keeps_its_event_id_so_it_is_deduplicated()
    {
        Assert.Equal(Parse(Payload).Events.Select(e => e.Id), Parse(Payload).Events.Select(e => e.Id));
        Assert.NotEqual(Parse(Payload).Events[0].Id, Parse(Payload.Replace("\"status\":\"firing\",\"labels\":{\"alertname\":\"DiskFull\"", "\"status\":\"resolved\",\"labels\":{\"alertname\":\"DiskFull\"")).Events[0].Id);
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
}
