using AlertActors.Domain.Groups;
using static AlertActors.Configuration.Tests.RuleConfig;

namespace AlertActors.Configuration.Tests;

/// <summary><c>group { by, wait, interval }</c> in the defaults and in rules (README "Grouping").</summary>
public class GroupConfigTests
{
    [Fact]
    public void The_shipped_default_groups_nothing_so_each_alert_notifies_for_itself()
    {
        var rule = Assert.Single(Read("alertactors { }").Rules);

        Assert.False(rule.Group.IsGrouped);
        Assert.Equal(GroupPolicy.Ungrouped, rule.Group);
    }

    [Fact]
    public void A_rule_groups_by_fields_data_paths_and_labels_and_inherits_what_it_leaves_out()
    {
        var rules = ReadRules(
            """
            { name = DiskFull, group { by = [tenant, "data.site", instance], wait = 10s } }
            { name = other }
            """,
            extra: "defaults.group.interval = 2m"
        );

        var grouped = rules.Rules[0].Group;
        Assert.True(grouped.IsGrouped);
        Assert.Equal<string[]>(["tenant", "data.site", "instance"], grouped.By.ToArray());
        Assert.Equal(TimeSpan.FromSeconds(10), grouped.Wait);
        Assert.Equal(TimeSpan.FromMinutes(2), grouped.Interval);
        Assert.False(rules.Rules[1].Group.IsGrouped);
    }

    [Fact]
    public void Grouping_in_the_defaults_applies_to_every_rule_and_a_rule_can_opt_out()
    {
        var rules = ReadRules(
            """
            { name = a }
            { name = b, group.by = ["..."] }
            """,
            extra: "defaults.group { by = [tenant, type], wait = 1m }"
        );

        Assert.Equal<string[]>(["tenant", "type"], rules.Rules[0].Group.By.ToArray());
        Assert.Equal(TimeSpan.FromMinutes(1), rules.Rules[0].Group.Wait);
        Assert.False(rules.Rules[1].Group.IsGrouped);
    }

    [Theory]
    [InlineData("group { by = [tenant], wiat = 1s }", "alertactors.rules[0] (a).group.wiat:")]
    [InlineData("group { by = [] }", "alertactors.rules[0] (a).group.by: is empty;")]
    [InlineData("group { by = [tenant, \"...\"] }", "alertactors.rules[0] (a).group.by: \"...\" (each alert its own")]
    [InlineData("group { by = [tenant, tenant] }", "alertactors.rules[0] (a).group.by[1]: \"tenant\" is listed twice")]
    [InlineData("group { by = [\"data.\"] }", "alertactors.rules[0] (a).group.by[0]: \"data.\" is not an event field")]
    [InlineData("group { by = [\"9x\"] }", "alertactors.rules[0] (a).group.by[0]: \"9x\" is not an event field")]
    [InlineData("group { interval = 0s }", "alertactors.rules[0] (a).group.interval: must be more than 0")]
    [InlineData("group { wait = soon }", "alertactors.rules[0] (a).group.wait: \"soon\" is not a duration")]
    [InlineData("group = tenant", "alertactors.rules[0] (a).group: must be an object")]
    public void A_wrong_group_is_a_problem_naming_the_key(string group, string expected)
    {
        var message = ErrorOf($"{{ name = a\n{group}\n}}");

        Assert.Contains(expected, message);
    }

    [Fact]
    public void Every_problem_of_a_group_block_is_reported_at_once()
    {
        var message = ErrorOf("{ name = a, group { by = [], wait = -1s, interval = 0s, foo = 1 } }");

        Assert.Contains("alertactors.rules[0] (a).group.foo: unknown key", message);
        Assert.Contains("alertactors.rules[0] (a).group.by: is empty;", message);
        Assert.Contains(
            "alertactors.rules[0] (a).group.wait: \"-1s\" is not a duration such as 30s, 5m, 4h or 1d (0 means no wait",
            message
        );
        Assert.Contains("alertactors.rules[0] (a).group.interval: must be more than 0", message);
    }

    [Fact]
    public void Every_wrong_by_field_is_reported_at_once()
    {
        var message = ErrorOf("{ name = a, group.by = [\"bad-label\", \"data.\", \"9x\", \"\", tenant, tenant] }");

        Assert.Contains("group.by[0]: \"bad-label\" is not an event field", message);
        Assert.Contains("group.by[1]: \"data.\" is not an event field", message);
        Assert.Contains("group.by[2]: \"9x\" is not an event field", message);
        Assert.Contains("group.by[3]: \"\" is not an event field", message);
        Assert.Contains("group.by[5]: \"tenant\" is listed twice", message);
    }

    [Theory]
    [InlineData(
        "group.wait = soon",
        "group.wait: \"soon\" is not a duration such as 30s, 5m, 4h or 1d (0 means no wait"
    )]
    [InlineData(
        "group.interval = soon",
        "group.interval: \"soon\" is not a duration such as 30s, 5m, 4h or 1d (it must be more than 0"
    )]
    [InlineData(
        "group.interval = -5m",
        "group.interval: \"-5m\" is not a duration such as 30s, 5m, 4h or 1d (it must be more than 0"
    )]
    public void A_group_duration_problem_says_what_0_means_for_that_key(string group, string expected)
    {
        var message = ErrorOf($"{{ name = a, {group} }}");

        Assert.Contains(expected, message);
        Assert.DoesNotContain("never", message);
    }

    [Theory]
    [InlineData("group.interval = 5", "group.interval: \"5\" has no unit")]
    [InlineData("group.wait = 30", "group.wait: \"30\" has no unit")]
    [InlineData("repeat-interval = 4", "repeat-interval: \"4\" has no unit")]
    [InlineData("auto-resolve-after = 60", "auto-resolve-after: \"60\" has no unit")]
    [InlineData("threshold { count = 2, window = 10 }", "threshold.window: \"10\" has no unit")]
    public void A_duration_without_a_unit_is_refused_rather_than_read_as_milliseconds(string setting, string expected)
    {
        var message = ErrorOf($"{{ name = a, {setting} }}");

        Assert.Contains(expected, message);
    }

    [Fact]
    public void A_bare_0_is_still_a_duration()
    {
        var rule = Assert.Single(
            ReadRules(
                """
                {
                  name = a
                  group { by = [tenant], wait = 0 }
                  repeat-interval = 0
                }
                """
            ).Rules
        );

        Assert.Equal(TimeSpan.Zero, rule.Group.Wait);
        Assert.Equal(TimeSpan.Zero, rule.Policy.RepeatInterval);
    }

    [Fact]
    public void A_wrong_group_in_the_defaults_is_a_problem_too()
    {
        var message = ErrorOf("{ name = a }", extra: "defaults.group.by = [\"\"]");

        Assert.Contains("alertactors.defaults.group.by[0]: \"\" is not an event field", message);
    }
}
