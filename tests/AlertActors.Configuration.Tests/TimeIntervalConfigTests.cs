using AlertActors.Domain.Rules;
using static AlertActors.Configuration.Tests.RuleConfig;

namespace AlertActors.Configuration.Tests;

/// <summary>
/// <c>alertactors.time-intervals</c>, a rule's <c>active-during</c> and a route's <c>mute-during</c> (README "Time
/// windows"): read as Alertmanager's time_intervals, every problem reported at once with its key.
/// </summary>
public class TimeIntervalConfigTests
{
    private const string BusinessHours = """
        time-intervals {
          business-hours { weekdays = ["monday:friday"], times = ["09:00-17:00"], location = "Europe/Berlin" }
          weekend = [ { weekdays = [saturday] }, { weekdays = [sunday] } ]
          month-end { days-of-month = ["-3:-1"], months = ["january:march", "12"], years = ["2026:2027"] }
        }
        """;

    private static readonly DateTimeOffset MondayNoonBerlin = new(2026, 3, 2, 11, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Named_intervals_are_read_with_every_field_and_rules_and_routes_name_them()
    {
        var rules = ReadRules(
            """
            { name = office, active-during = [business-hours] }
            { name = quiet-weekends, route { mute-during = [weekend, month-end], pagerduty { routing-key = "k" } } }
            """,
            extra: BusinessHours
        );

        Assert.Equal<string[]>(["business-hours"], rules.Rules[0].ActiveDuring.ToArray());
        Assert.Equal<string[]>(["weekend", "month-end"], rules.Rules[1].Route.MuteDuring.ToArray());
        Assert.Equal("k", rules.Rules[1].Route.PagerDutyRoutingKey);
        Assert.True(rules.Intervals.Find("business-hours")!.Contains(MondayNoonBerlin));
        Assert.False(rules.Intervals.Find("weekend")!.Contains(MondayNoonBerlin));
        Assert.Equal(2, rules.Intervals.Find("weekend")!.Entries.Length);
        Assert.True(
            rules.Intervals.Find("month-end")!.Contains(new DateTimeOffset(2026, 3, 30, 5, 0, 0, TimeSpan.Zero))
        );
    }

    [Fact]
    public void Active_during_in_the_defaults_is_inherited_and_a_rule_can_be_always_active()
    {
        var rules = ReadRules(
            """
            { name = a }
            { name = b, active-during = [] }
            """,
            extra: BusinessHours + "\ndefaults.active-during = [business-hours]"
        );

        Assert.Equal<string[]>(["business-hours"], rules.Rules[0].ActiveDuring.ToArray());
        Assert.Empty(rules.Rules[1].ActiveDuring);
    }

    [Fact]
    public void Every_mistake_in_the_intervals_and_their_references_is_reported_at_once()
    {
        var message = ErrorOf(
            """
            { name = office, active-during = [busines-hours, nights], route { mute-during = [holidays] } }
            """,
            extra: """
            time-intervals {
              business-hours {
                weekdays = ["mondy", "monday:sunday", "friday:fridy"]
                times = ["17:00-09:00", "25:00-26:00", "9-17", "10:00-10:00"]
                days-of-month = ["0", "-1:5", "10:2"]
                months = ["smarch", "december:january"]
                years = ["twenty"]
                location = "Europe/Berln"
                start_time = "09:00"
              }
              empty = []
            }
            """
        );

        var at = "alertactors.time-intervals.business-hours";
        Assert.Contains($"{at}.weekdays[0]: \"mondy\" is not a weekday; use sunday", message);
        Assert.Contains(
            $"{at}.weekdays[1]: \"monday:sunday\" ends before it starts; the week begins on sunday",
            message
        );
        Assert.Contains($"{at}.weekdays[2]: \"friday:fridy\" names no weekday \"fridy\"", message);
        Assert.Contains(
            $"{at}.times[0]: \"17:00-09:00\" ends before it starts; a range cannot cross midnight",
            message
        );
        Assert.Contains($"{at}.times[1]: \"25:00-26:00\" has no such time of day as 25:00", message);
        Assert.Contains($"{at}.times[2]: \"9-17\" is not a time range \"HH:MM-HH:MM\"", message);
        Assert.Contains($"{at}.times[3]: \"10:00-10:00\" is empty", message);
        Assert.Contains($"{at}.days-of-month[0]: \"0\" is not a day of the month", message);
        Assert.Contains($"{at}.days-of-month[1]: \"-1:5\" counts from the month's end at its start", message);
        Assert.Contains($"{at}.days-of-month[2]: \"10:2\" ends before it starts", message);
        Assert.Contains($"{at}.months[0]: \"smarch\" is not a month", message);
        Assert.Contains($"{at}.months[1]: \"december:january\" ends before it starts", message);
        Assert.Contains($"{at}.years[0]: \"twenty\" is not a year", message);
        Assert.Contains($"{at}.location: \"Europe/Berln\" is not a time zone; did you mean Europe/Berlin?", message);
        Assert.Contains($"{at}.start_time: unknown key", message);
        Assert.Contains("alertactors.time-intervals.empty: is an empty list, which never holds", message);
        // A defined interval with mistakes is no unknown name; misspelt and undefined ones are.
        Assert.Contains(
            "alertactors.rules[0] (office).active-during[0]: \"busines-hours\" is not a time interval of alertactors.time-intervals (did you mean business-hours?)",
            message
        );
        Assert.Contains("(office).active-during[1]: \"nights\" is not a time interval", message);
        Assert.Contains("(office).route.mute-during[0]: \"holidays\" is not a time interval", message);
        Assert.DoesNotContain("active-during[0]: \"business-hours\"", message);
    }

    [Fact]
    public void A_rule_takes_trigger_events_only_inside_its_active_during_intervals_but_always_resolves()
    {
        var rules = ReadRules("{ name = office, active-during = [business-hours] }", extra: BusinessHours);
        const string Lease = "\"source\":\"dhcp\",\"type\":\"dhcp.lease\",\"subject\":\"m\",\"severity\":\"high\"";

        var inside = rules.Evaluate(Event($"{{\"id\":\"1\",{Lease},\"time\":\"2026-03-02T10:00:00+01:00\"}}"));
        var outside = rules.Evaluate(Event($"{{\"id\":\"2\",{Lease},\"time\":\"2026-03-07T10:00:00+01:00\"}}"));
        var resolve = rules.Evaluate(
            Event($"{{\"id\":\"3\",{Lease},\"action\":\"resolve\",\"time\":\"2026-03-07T10:00:00+01:00\"}}")
        );

        Assert.Single(inside.Matches);
        var result = Assert.Single(outside.Results);
        Assert.Equal(RuleOutcome.Inactive, result.Outcome);
        Assert.True(outside.RuleInactive);
        Assert.Equal(
            "office: rule inactive: the event's time 2026-03-07T09:00:00Z is outside its active-during time intervals (business-hours)",
            outside.WhyNothingMatched
        );
        Assert.Single(resolve.Matches);
    }

    [Fact]
    public void A_local_zone_is_refused_because_nodes_may_not_share_it()
    {
        var message = ErrorOf("{ name = a }", extra: "time-intervals.x { location = Local }");

        Assert.Contains(
            "alertactors.time-intervals.x.location: \"Local\" is not a time zone; name the zone instead",
            message
        );
    }

    [Fact]
    public void Alertmanager_style_time_ranges_are_refused_with_the_form_this_file_takes()
    {
        var message = ErrorOf(
            "{ name = a }",
            extra: "time-intervals.x { times = [ { start_time = \"09:00\", end_time = \"17:00\" } ] }"
        );

        Assert.Contains(
            "alertactors.time-intervals.x.times: write each range as \"HH:MM-HH:MM\", e.g. times = [\"09:00-17:00\"]",
            message
        );
    }

    [Fact]
    public void Naming_an_interval_when_none_is_defined_says_so()
    {
        var message = ErrorOf("{ name = a, active-during = [business-hours] }");

        Assert.Contains(
            "alertactors.rules[0] (a).active-during[0]: \"business-hours\" is not a time interval of alertactors.time-intervals; none is defined",
            message
        );
    }

    [Fact]
    public void Without_intervals_the_implicit_rule_is_always_active()
    {
        var rule = Assert.Single(Read("alertactors { }").Rules);

        Assert.Equal(RuleSet.ImplicitRuleName, rule.Name);
        Assert.Empty(rule.ActiveDuring);
        Assert.Empty(rule.Route.MuteDuring);
    }
}
