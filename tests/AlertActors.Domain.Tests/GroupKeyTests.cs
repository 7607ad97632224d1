using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

public class GroupKeyTests
{
    private static GroupPolicy By(params string[] fields) => GroupPolicy.Ungrouped with { By = [.. fields] };

    [Fact]
    public void The_key_is_the_rule_and_the_by_values_in_label_notation()
    {
        var evt = Event(tenant: "acme", dataJson: """{"site":"a"}""");

        Assert.Equal(
            "DiskFull:{tenant=\"acme\", data.site=\"a\"}",
            GroupKey.Of("DiskFull", By("tenant", "data.site"), evt)
        );
    }

    [Fact]
    public void Alertmanager_labels_are_named_bare_and_alertname_is_the_type()
    {
        var parsed = AlertmanagerWebhook.Parse(
            Utf8(
                """
                {"version":"4","receiver":"r","alerts":[{"status":"firing","fingerprint":"f1",
                 "labels":{"alertname":"DiskFull","cluster":"eu-1","instance":"h1"}}]}
                """
            ),
            T0
        );
        var evt = Assert.Single(parsed.Events);

        Assert.Equal(
            "r1:{alertname=\"DiskFull\", cluster=\"eu-1\"}",
            GroupKey.Of("r1", By("alertname", "cluster"), evt)
        );
    }

    [Fact]
    public void An_absent_value_is_empty_and_quotes_are_escaped()
    {
        var evt = Event(tenant: "a\"b");

        Assert.Equal("r:{tenant=\"a\\\"b\", data.rack=\"\"}", GroupKey.Of("r", By("tenant", "data.rack"), evt));
    }

    [Fact]
    public void A_long_key_is_cut_to_a_stable_PagerDuty_dedup_key()
    {
        var evt = Event(dataJson: $$"""{"site":"{{new string('s', 400)}}"}""");

        var key = GroupKey.Of("r", By("data.site"), evt);

        Assert.True(key.Length <= GroupKey.MaxLength);
        Assert.Equal(key, GroupKey.Of("r", By("data.site"), evt));
        Assert.StartsWith("r:{data.site=\"sss", key);
        Assert.NotEqual(
            key,
            GroupKey.Of("r", By("data.site"), Event(dataJson: $$"""{"site":"{{new string('s', 401)}}"}"""))
        );
    }

    [Theory]
    [InlineData("tenant", true)]
    [InlineData("data.site", true)]
    [InlineData("instance", true)]
    [InlineData("alertname", true)]
    [InlineData("data.", false)]
    [InlineData("9lives", false)]
    [InlineData("a-b", false)]
    [InlineData("", false)]
    public void By_fields_are_event_fields_data_paths_or_label_names(string field, bool valid) =>
        Assert.Equal(valid, GroupKey.IsValidField(field));
}
