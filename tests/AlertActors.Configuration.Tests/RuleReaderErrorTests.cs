using static AlertActors.Configuration.Tests.RuleConfig;

namespace AlertActors.Configuration.Tests;

/// <summary>Every invalid rule file fails start-up with a message naming the rule and the key.</summary>
public class RuleReaderErrorTests
{
    private const string Lease = """{ field = type, op = eq, value = "dhcp.lease.issued" }""";

    private static string Rule(string name, string body) => $"{{ name = {name}\n{body}\n}}";

    private const string TwoGoodRules = """
        { name = first, match { all = [ { field = type, op = eq, value = a } ] } }
        { name = second }
        """;

    [Fact]
    public void Unknown_operator_names_rule_condition_and_key()
    {
        var message = ErrorOf(
            TwoGoodRules
                + "\n"
                + Rule(
                    "rogue-mac",
                    $$"""match { all = [ {{Lease}}, { field = "data.mac", op = matches, value = x } ] }"""
                )
        );

        Assert.Equal(
            "alertactors.rules[2] (rogue-mac).match.all[1].op: \"matches\" is not one of eq, ne, gt, gte, lt, lte, in, not-in, contains, regex, exists",
            message
        );
    }

    [Fact]
    public void Missing_op()
    {
        Assert.StartsWith(
            "alertactors.rules[0] (r).match.any[0].op: is required",
            ErrorOf(Rule("r", """match { any = [ { field = type, value = x } ] }"""))
        );
    }

    [Fact]
    public void Missing_field()
    {
        Assert.Equal(
            "alertactors.rules[0] (r).match.all[0].field: is required",
            ErrorOf(Rule("r", """match { all = [ { op = eq, value = x } ] }"""))
        );
    }

    [Fact]
    public void Unknown_field_name()
    {
        var message = ErrorOf(Rule("r", """match { all = [ { field = host, op = eq, value = x } ] }"""));

        Assert.StartsWith(
            "alertactors.rules[0] (r).match.all[0].field: \"host\" is not one of id, source, type",
            message
        );
        Assert.Contains("data.<path>", message);
    }

    [Fact]
    public void Bad_regex()
    {
        Assert.StartsWith(
            "alertactors.rules[0] (r).match.all[0].value: \"([a-f\" is not a valid regular expression",
            ErrorOf(Rule("r", """match { all = [ { field = subject, op = regex, value = "([a-f" } ] }"""))
        );
    }

    [Fact]
    public void Unknown_list()
    {
        Assert.Equal(
            "alertactors.rules[0] (r).match.all[0].list: \"known-mac\" is not one of the lists defined in alertactors.lists: known-macs",
            ErrorOf(
                Rule("r", """match { all = [ { field = "data.mac", op = not-in, list = known-mac } ] }"""),
                extra: """lists { known-macs = ["aa"] }"""
            )
        );
    }

    [Fact]
    public void Unknown_list_when_none_is_defined()
    {
        Assert.Equal(
            "alertactors.rules[0] (r).match.all[0].list: \"known-macs\" is not a list defined in alertactors.lists (none is defined)",
            ErrorOf(Rule("r", """match { all = [ { field = "data.mac", op = in, list = known-macs } ] }"""))
        );
    }

    [Fact]
    public void A_named_list_works_only_with_in_and_not_in()
    {
        Assert.Equal(
            "alertactors.rules[0] (r).match.all[0].list: a named list works with in and not-in, not eq",
            ErrorOf(
                Rule("r", """match { all = [ { field = "data.mac", op = eq, list = known-macs } ] }"""),
                extra: """lists { known-macs = ["aa"] }"""
            )
        );
    }

    [Fact]
    public void Value_and_list_together()
    {
        Assert.Equal(
            "alertactors.rules[0] (r).match.all[0].list: give value or list, not both",
            ErrorOf(
                Rule("r", """match { all = [ { field = "data.mac", op = in, value = [a], list = known-macs } ] }"""),
                extra: """lists { known-macs = ["aa"] }"""
            )
        );
    }

    [Theory]
    [InlineData("eq")]
    [InlineData("ne")]
    [InlineData("gt")]
    [InlineData("contains")]
    [InlineData("regex")]
    [InlineData("in")]
    [InlineData("not-in")]
    public void Value_missing_where_required(string op)
    {
        Assert.StartsWith(
            $"alertactors.rules[0] (r).match.all[0].value: is required for {op}",
            ErrorOf(Rule("r", $$"""match { all = [ { field = "data.count", op = {{op}} } ] }"""))
        );
    }

    [Theory]
    [InlineData("gt", "many")]
    [InlineData("gte", "\"\"")]
    [InlineData("lt", "true")]
    [InlineData("lte", "high")]
    public void Comparison_value_must_be_a_number(string op, string value)
    {
        Assert.StartsWith(
            $"alertactors.rules[0] (r).match.all[0].value: ",
            ErrorOf(Rule("r", $$"""match { all = [ { field = "data.count", op = {{op}}, value = {{value}} } ] }"""))
        );
        Assert.Contains(
            "is not a number",
            ErrorOf(Rule("r", $$"""match { all = [ { field = "data.count", op = {{op}}, value = {{value}} } ] }"""))
        );
    }

    [Fact]
    public void Comparison_on_severity_takes_a_severity_name()
    {
        Assert.Equal(
            "alertactors.rules[0] (r).match.all[0].value: \"3\" is not one of critical, high, medium, low, info",
            ErrorOf(Rule("r", """match { all = [ { field = severity, op = gte, value = 3 } ] }"""))
        );
    }

    [Fact]
    public void Comparison_takes_one_value_not_a_list()
    {
        Assert.StartsWith(
            "alertactors.rules[0] (r).match.all[0].value: gt takes a single value, not a list",
            ErrorOf(Rule("r", """match { all = [ { field = "data.count", op = gt, value = [1, 2] } ] }"""))
        );
    }

    [Fact]
    public void In_takes_a_list()
    {
        Assert.StartsWith(
            "alertactors.rules[0] (r).match.all[0].value: in takes a list",
            ErrorOf(Rule("r", """match { all = [ { field = "data.zone", op = in, value = corp } ] }"""))
        );
    }

    [Fact]
    public void Duplicate_names()
    {
        Assert.Equal(
            "alertactors.rules[2].name: \"First\" is already the name of alertactors.rules[0]; rule names must be unique",
            ErrorOf(TwoGoodRules + "\n{ name = First }")
        );
    }

    [Theory]
    [InlineData("{ severity = high }", "alertactors.rules[0].name: is required")]
    [InlineData("{ name = \"\" }", "alertactors.rules[0].name: is required")]
    [InlineData("{ name = \"rogue mac\" }", "alertactors.rules[0].name: \"rogue mac\" may hold only letters, digits")]
    [InlineData("{ name = default }", "alertactors.rules[0].name: \"default\" is reserved for the implicit rule")]
    [InlineData("{ name = [a] }", "alertactors.rules[0].name: must be a single value, not a list")]
    public void Names_are_required_and_plain(string rule, string expected)
    {
        Assert.StartsWith(expected, ErrorOf(rule));
    }

    [Theory]
    [InlineData("dedup-key = \"{tenant}:{host}\"", "dedup-key", "\"host\" is not one of id, source")]
    [InlineData("dedup-key = \"{tenant\"", "dedup-key", "has an unclosed '{'")]
    [InlineData("summary = \"{data}\"", "summary", "\"data\" is not one of id, source")]
    public void Bad_templates(string line, string key, string problem)
    {
        var message = ErrorOf(Rule("r", line));

        Assert.StartsWith($"alertactors.rules[0] (r).{key}: template", message);
        Assert.Contains(problem, message);
    }

    [Fact]
    public void Bad_template_in_defaults()
    {
        var message = Assert
            .ThrowsAny<Akka.Configuration.ConfigurationException>(() =>
                Read("""alertactors.defaults.dedup-key = "{tenant}:{kind}" """)
            )
            .Message;

        Assert.StartsWith("alertactors.defaults.dedup-key: template", message);
    }

    [Theory]
    [InlineData("repeat-interval = soon", "repeat-interval", "\"soon\" is not a duration")]
    [InlineData("auto-resolve-after = \"5 fortnights\"", "auto-resolve-after", "is not a duration")]
    [InlineData("threshold { window = -1m }", "threshold.window", "is not a duration")]
    [InlineData("throttle { cooldown = infinite }", "throttle.cooldown", "is not a duration")]
    [InlineData("repeat-interval = [1m]", "repeat-interval", "must be a single value, not a list")]
    public void Bad_durations(string line, string key, string problem)
    {
        var message = ErrorOf(Rule("r", line));

        Assert.StartsWith($"alertactors.rules[0] (r).{key}: ", message);
        Assert.Contains(problem, message);
    }

    [Theory]
    [InlineData("threshold { count = 0 }", "threshold.count: 0 is less than 1")]
    [InlineData("threshold { count = -3, window = 1m }", "threshold.count: -3 is less than 1")]
    [InlineData("threshold { count = many }", "threshold.count: \"many\" is not a whole number")]
    [InlineData("threshold { count = 2.5 }", "threshold.count: \"2.5\" is not a whole number")]
    [InlineData("throttle { max-per-hour = -1 }", "throttle.max-per-hour: -1 is negative; 0 means unlimited")]
    [InlineData("threshold = 5", "threshold: must be an object { count = ..., window = ... }")]
    public void Bad_threshold_and_throttle(string line, string expected)
    {
        Assert.StartsWith($"alertactors.rules[0] (r).{expected}", ErrorOf(Rule("r", line)));
    }

    [Fact]
    public void Unknown_provider()
    {
        Assert.Equal(
            "alertactors.rules[0] (r).providers: \"teams\" is not one of pagerduty, opsgenie, webhook, slack",
            ErrorOf(Rule("r", "providers = [pagerduty, teams]"))
        );
    }

    [Fact]
    public void Unknown_provider_in_defaults()
    {
        Assert.Equal(
            "alertactors.defaults.providers: \"pager-duty\" is not one of pagerduty, opsgenie, webhook, slack",
            Assert
                .ThrowsAny<Akka.Configuration.ConfigurationException>(() =>
                    Read("alertactors.defaults.providers = [pager-duty]")
                )
                .Message
        );
    }

    [Theory]
    [InlineData("treshold { count = 2 }", "treshold: unknown key (did you mean threshold?)")]
    [InlineData("matches { all = [] }", "matches: unknown key (did you mean match?)")]
    [InlineData("description = \"x\"", "description: unknown key; expected one of name, match, severity, min-severity")]
    [InlineData("threshold { count = 2, windw = 1m }", "threshold.windw: unknown key (did you mean window?)")]
    [InlineData("throttle { max-per-hr = 2 }", "throttle.max-per-hr: unknown key")]
    [InlineData(
        "route { pagerduty { routing_key = x } }",
        "route.pagerduty.routing_key: unknown key (did you mean routing-key?)"
    )]
    [InlineData("route { slack { channel = x } }", "route.slack: unknown key; expected one of pagerduty, opsgenie")]
    [InlineData(
        "route { opsgenie { team = x } }",
        "route.opsgenie.team: unknown key; expected one of responders, tags"
    )]
    [InlineData(
        "match { all = [ { field = type, op = eq, value = x, case_sensitive = false } ] }",
        "match.all[0].case_sensitive: unknown key (did you mean case-sensitive?)"
    )]
    [InlineData(
        "match { all = [ { any = [ { field = type, op = eq, value = x } ], all2 = [] } ] }",
        "match.all[0].all2: unknown key"
    )]
    public void Unknown_keys_fail_instead_of_being_ignored(string line, string expected)
    {
        Assert.StartsWith($"alertactors.rules[0] (r).{expected}", ErrorOf(Rule("r", line)));
    }

    [Fact]
    public void Unknown_key_in_defaults()
    {
        Assert.StartsWith(
            "alertactors.defaults.repeat: unknown key",
            Assert
                .ThrowsAny<Akka.Configuration.ConfigurationException>(() => Read("alertactors.defaults.repeat = 1h"))
                .Message
        );
    }

    [Theory]
    [InlineData("match { }", "match: must hold all = [...] or any = [...]")]
    [InlineData("match = [ ]", "match: must be an object")]
    [InlineData("match { all = [] }", "match.all: holds no condition")]
    [InlineData("match { all = { field = type } }", "match.all: must be a list of conditions")]
    [InlineData("match { all = [ x ] }", "match.all[0]: must be an object")]
    [InlineData(
        "match { all = [ { field = type, op = eq, value = x } ], any = [ { field = type, op = eq, value = y } ] }",
        "match: holds both all and any"
    )]
    [InlineData(
        "match { any = [ { all = [ { field = type, op = gt, value = x } ] } ] }",
        "match.any[0].all[0].value: \"x\" is not a number"
    )]
    [InlineData(
        "match { all = [ { field = type, op = eq, value { a = 1 } } ] }",
        "match.all[0].value: must be a value or a list of values, not an object"
    )]
    [InlineData(
        "match { all = [ { field = type, op = in, value = [a, [b]] } ] }",
        "match.all[0].value[1]: must be a single value, not a list"
    )]
    [InlineData(
        "match { all = [ { field = type, op = eq, value = x, case-sensitive = maybe } ] }",
        "match.all[0].case-sensitive: \"maybe\" is not true or false"
    )]
    [InlineData(
        "match { all = [ { field = type, op = exists, value = sometimes } ] }",
        "match.all[0].value: exists takes true or false"
    )]
    public void Malformed_match(string line, string expected)
    {
        Assert.StartsWith($"alertactors.rules[0] (r).{expected}", ErrorOf(Rule("r", line)));
    }

    [Theory]
    [InlineData("severity = urgent", "severity: \"urgent\" is not one of critical, high, medium, low, info")]
    [InlineData("min-severity = warning", "min-severity: \"warning\" is not one of critical, high, medium, low, info")]
    [InlineData("route = pagerduty", "route: must be an object")]
    [InlineData("route { opsgenie { tags = auth } }", "route.opsgenie.tags: must be a list")]
    [InlineData("providers = pagerduty", "providers: must be a list")]
    public void Bad_severity_route_and_providers(string line, string expected)
    {
        Assert.StartsWith($"alertactors.rules[0] (r).{expected}", ErrorOf(Rule("r", line)));
    }

    [Fact]
    public void A_rule_must_be_an_object()
    {
        Assert.StartsWith("alertactors.rules[1]: must be an object", ErrorOf("{ name = a }, rogue-mac"));
    }

    [Fact]
    public void Rules_must_be_a_list()
    {
        Assert.StartsWith(
            "alertactors.rules: must be a list of rules",
            Assert
                .ThrowsAny<Akka.Configuration.ConfigurationException>(() => Read("alertactors.rules { name = a }"))
                .Message
        );
    }

    [Fact]
    public void Named_lists_hold_values()
    {
        Assert.StartsWith(
            "alertactors.lists.known-macs: must be a list",
            Assert
                .ThrowsAny<Akka.Configuration.ConfigurationException>(() =>
                    Read("alertactors.lists { known-macs = aa }")
                )
                .Message
        );
        Assert.StartsWith(
            "alertactors.lists.known-macs[1]: must be a single value, not an object",
            Assert
                .ThrowsAny<Akka.Configuration.ConfigurationException>(() =>
                    Read("alertactors.lists { known-macs = [aa, { b = 1 }] }")
                )
                .Message
        );
    }
}
