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
    public void A_wrong_group_in_the_defaults_is_a_problem_too()
    {
        var message = ErrorOf("{ name = a }", extra: "defaults.group.by = [\"\"]");

        Assert.Contains("alertactors.defaults.group.by[0]: \"\" is not an event field", message);
    }
}
