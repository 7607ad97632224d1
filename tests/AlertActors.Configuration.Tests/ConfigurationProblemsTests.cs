using System.Collections;
using AlertActors.Configuration;

namespace AlertActors.Configuration.Tests;

/// <summary>
/// A configuration is checked as a whole before it can silence pages: unknown keys are refused with a suggestion, a
/// file that does not parse is refused with its line and column, environment variables are validated and named, and
/// every problem is listed at once.
/// </summary>
public sealed class ConfigurationProblemsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alertactors-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private IReadOnlyList<string> ProblemsOf(string hocon, IDictionary? environment = null)
    {
        var file = Path.Combine(_directory, $"{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, hocon);
        var problems = new ConfigProblems();
        ConfigLoader.Read(RuleConfig.HoconDirectory, file, environment ?? new Hashtable(), problems);
        return problems.Items;
    }

    [Fact]
    public void A_misspelled_routing_key_is_refused_with_the_key_it_resembles_instead_of_leaving_pagerduty_in_dry_run()
    {
        var problem = Assert.Single(ProblemsOf("""alertactors.pagerduty.routing_key = "R0123456789abcdef" """));

        Assert.Equal("alertactors.pagerduty.routing_key: unknown key (did you mean routing-key?)", problem);
        Assert.DoesNotContain("R0123456789abcdef", problem);
    }

    [Fact]
    public void A_wake_ahead_not_shorter_than_passivate_idle_after_is_refused_since_the_woken_alert_would_leave_before_its_timer()
    {
        Assert.Equal(
            "alertactors.scheduler.wake-ahead: 5s must be shorter than alertactors.entity.passivate-idle-after (5s): "
                + "a woken alert would leave memory before its timer fires",
            Assert.Single(
                ProblemsOf("alertactors.scheduler.wake-ahead = 5s\nalertactors.entity.passivate-idle-after = 5s")
            )
        );
        Assert.Empty(ProblemsOf("alertactors.scheduler.wake-ahead = 4s\nalertactors.entity.passivate-idle-after = 5s"));
    }

    [Fact]
    public void A_short_passivate_idle_after_with_the_shipped_wake_ahead_starts_and_wakes_alerts_half_of_it_ahead()
    {
        // Valid before the shipped wake-ahead went from 1s to 3s, so it must still start.
        var file = Path.Combine(_directory, "short-passivation.conf");
        File.WriteAllText(file, "alertactors.entity.passivate-idle-after = 2s");
        var problems = new ConfigProblems();
        var (_, settings) = ConfigLoader.Read(RuleConfig.HoconDirectory, file, new Hashtable(), problems);
        Assert.Empty(problems.Items);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Projection.Scheduler.WakeAhead);
    }

    [Fact]
    public void A_misspelled_rules_key_is_refused_instead_of_running_with_no_rules()
    {
        Assert.Equal(
            "alertactors.rulez: unknown key (did you mean rules?)",
            Assert.Single(ProblemsOf("""alertactors.rulez = [ { name = r } ]"""))
        );
    }

    [Fact]
    public void An_unknown_key_far_from_any_known_one_lists_the_keys_of_its_section()
    {
        var problem = Assert.Single(ProblemsOf("alertactors.kafka.colour = blue"));

        Assert.StartsWith(
            "alertactors.kafka.colour: unknown key; expected one of bootstrap-servers, topic, topics, group-id",
            problem
        );
    }

    [Fact]
    public void Keys_the_operator_names_are_free_in_open_maps_but_typed_elsewhere()
    {
        Assert.Empty(
            ProblemsOf(
                """
                alertactors.kafka.client { "security.protocol" = "SASL_SSL" }
                alertactors.webhook.headers { X-Team = ops }
                alertactors.lists { my-list = [a] }
                akka.anything.goes = 1
                """
            )
        );
        Assert.Equal(
            "alertactors.cluster: must be an object { hostname = ..., public-hostname = ..., port = ..., discovery = ..., ... }",
            Assert.Single(ProblemsOf("alertactors.cluster = \"127.0.0.1:4053\""))
        );
    }

    [Fact]
    public void A_file_missing_two_closing_braces_is_refused_with_the_line_and_column_of_each_unclosed_brace()
    {
        var problems = ProblemsOf(
            """
            alertactors {
              rules = [
                { name = r, match { all = [ { field = type, op = eq, value = x } ]
              ]
            """
        );

        Assert.Contains(problems, p => p.EndsWith(":1:13: '{' opened here is never closed (a '}' is missing)"));
        Assert.Contains(problems, p => p.Contains(":3:5: ") && p.Contains("'{' opened here is never closed"));
        Assert.Contains(problems, p => p.Contains(":4:3: ']' where '}' was expected for the '{' at line 3, column 23"));
    }

    [Theory]
    [InlineData("alertactors { kafka { topic = \"x } }", ":1:31: a \" string starts here and is never closed")]
    [InlineData("alertactors { kafka { topic = = x } }", ":1:29: '=' has no value after it")]
    [InlineData("alertactors { } }", ":1:17: '}' closes nothing")]
    [InlineData("alertactors.kafka.topics = [ a, b", ":1:28: '[' opened here is never closed")]
    public void Syntax_mistakes_the_parser_would_accept_are_refused_with_line_and_column(string hocon, string expected)
    {
        var problem = Assert.Single(ProblemsOf(hocon));

        Assert.Contains(expected, problem);
    }

    [Fact]
    public void A_parser_error_is_given_with_line_and_column_not_a_character_offset()
    {
        var problem = Assert.Single(
            ProblemsOf("alertactors {\n  kafka { topic = a }, entity { snapshot-every = 5 }\n}")
        );

        Assert.Matches(@"\.conf:2:\d+: not valid HOCON", problem);
        // The parser's own words ("Unknown token") do not say what is wrong here: the message does.
        Assert.Contains("a comma after an object written without '='", problem);
    }

    [Fact]
    public void Every_problem_of_a_configuration_is_listed_at_once()
    {
        var problems = ProblemsOf(
            """
            alertactors {
              pagerduty.routing_key = "x"
              cluster.port = 99999
              kafka.max-in-flight = -3
              delivery.retry-budget = soon
              rules = [
                {
                  name = a
                  match { all = [ { field = type, op = matches, value = x } ] }
                  treshold { count = 2 }
                }
                { name = b, severity = urgent, min-severity = loud }
              ]
            }
            """
        );

        Assert.Equal(
            [
                "alertactors.pagerduty.routing_key: unknown key (did you mean routing-key?)",
                "alertactors.cluster.port: \"99999\" is not a port number from 0 to 65535 (0 = any free port)",
                "alertactors.kafka.max-in-flight: \"-3\" is not a whole number of at least 1",
                "alertactors.delivery.retry-budget: \"soon\" is not a duration such as 500ms, 30s, 5m, 4h or 1d",
            ],
            problems.Take(4)
        );
        Assert.Contains(
            problems,
            p => p.StartsWith("alertactors.rules[0] (a).treshold: unknown key (did you mean threshold?)")
        );
        Assert.Contains(
            problems,
            p => p.StartsWith("alertactors.rules[0] (a).match.all[0].op: \"matches\" is not one of")
        );
        Assert.Contains(problems, p => p.StartsWith("alertactors.rules[1] (b).min-severity: \"loud\" is not one of"));
        Assert.Contains(problems, p => p.StartsWith("alertactors.rules[1] (b).severity: \"urgent\" is not one of"));
        Assert.Equal(8, problems.Count);
    }

    [Theory]
    [InlineData(
        "CLUSTER_PORT",
        "abc",
        "CLUSTER_PORT (alertactors.cluster.port): \"abc\" is not a port number from 0 to 65535"
    )]
    [InlineData(
        "CLUSTER_PORT",
        "99999",
        "CLUSTER_PORT (alertactors.cluster.port): \"99999\" is not a port number from 0 to 65535"
    )]
    [InlineData("CLUSTER_SEEDS", "garbage", "CLUSTER_SEEDS (alertactors.cluster.seeds): \"garbage\" is not host:port")]
    [InlineData(
        "CLUSTER_SEEDS",
        "10.0.0.5:4053,node-2",
        "CLUSTER_SEEDS (alertactors.cluster.seeds): \"node-2\" is not host:port"
    )]
    [InlineData(
        "PAGERDUTY_ENDPOINT",
        "not-a-url",
        "PAGERDUTY_ENDPOINT (alertactors.pagerduty.endpoint): \"not-a-url\" is not an http(s) URL"
    )]
    [InlineData(
        "ALERTACTORS_DB_PROVIDER",
        "mysql",
        "ALERTACTORS_DB_PROVIDER (alertactors.persistence.provider): \"mysql\" is not one of sqlite, postgresql"
    )]
    [InlineData("KAFKA_TOPIC", "events.dlq", "KAFKA_TOPIC (alertactors.kafka.topic)")]
    public void An_environment_variable_with_a_wrong_value_is_refused_by_its_name(
        string variable,
        string value,
        string expected
    )
    {
        var problem = Assert.Single(ProblemsOf("", new Hashtable { [variable] = value }));

        Assert.StartsWith(expected, problem);
    }

    [Fact]
    public void A_secret_url_from_the_environment_is_named_but_never_shown()
    {
        var problem = Assert.Single(
            ProblemsOf("", new Hashtable { ["SLACK_WEBHOOK_URL"] = "hooks.slack.com/services/T000/B000/secret-part" })
        );

        Assert.StartsWith("SLACK_WEBHOOK_URL (alertactors.slack.url): is not an http(s) URL", problem);
        Assert.DoesNotContain("secret-part", problem);
    }

    [Fact]
    public void A_missing_configuration_file_is_a_problem_not_an_exception()
    {
        var problems = new ConfigProblems();
        ConfigLoader.Read(RuleConfig.HoconDirectory, Path.Combine(_directory, "nope.conf"), new Hashtable(), problems);

        Assert.EndsWith("nope.conf: the configuration file does not exist", Assert.Single(problems.Items));
    }

    [Fact]
    public void The_shipped_defaults_and_the_example_rules_have_no_problem()
    {
        var problems = new ConfigProblems();
        ConfigLoader.Read(
            RuleConfig.HoconDirectory,
            Path.Combine(RuleConfig.HoconDirectory, "examples", "seed-rules.conf"),
            new Hashtable(),
            problems
        );

        Assert.Empty(problems.Items);
    }
}
