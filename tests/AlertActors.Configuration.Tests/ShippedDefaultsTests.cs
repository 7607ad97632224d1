using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Configuration;

namespace AlertActors.Configuration.Tests;

/// <summary>
/// Every default is written once, in hocon/alertactors.conf (embedded as <see cref="ReferenceConfig"/>): the settings
/// reader and the settings records read it, and docs/configuration.md states the same values.
/// </summary>
public class ShippedDefaultsTests
{
    private static readonly string ShippedFile = Path.Combine(RuleConfig.HoconDirectory, "alertactors.conf");

    /// <summary>
    /// An <c>alertactors { }</c> section with no key in it. The rules' <c>alertactors.defaults</c> object is required
    /// (RuleReader, which reports it missing); every other setting takes its shipped default.
    /// </summary>
    private static AlertActorsSettings ReadEmptySection(
        string hocon = "alertactors { }",
        ConfigProblems? problems = null
    )
    {
        problems ??= new ConfigProblems();
        var settings = SettingsReader.Read(ConfigurationFactory.ParseString(hocon), problems);
        Assert.Contains(
            problems.Items,
            problem => problem.StartsWith("alertactors.defaults: is missing", StringComparison.Ordinal)
        );
        return settings;
    }

    [Fact]
    public void The_embedded_defaults_are_hocon_alertactors_conf()
    {
        var shipped = Leaves(ConfigurationFactory.ParseString(File.ReadAllText(ShippedFile)));

        Assert.Equal(shipped, Leaves(ReferenceConfig.Defaults));
    }

    [Fact]
    public void An_empty_section_reads_the_documented_defaults()
    {
        var settings = ReadEmptySection();

        Assert.Equal(
            ("./data", 4053, 8558),
            (settings.DataDir, settings.Cluster.Port, settings.Cluster.Bootstrap.ManagementPort)
        );
        Assert.Equal(
            (10000, 40000, 500, TimeSpan.FromSeconds(1), 3, TimeSpan.FromSeconds(10)),
            (
                settings.Kafka.MaxInFlightPerPartition,
                settings.Kafka.MaxInFlight,
                settings.Kafka.CommitBatchSize,
                settings.Kafka.CommitInterval,
                settings.Kafka.IngestAttempts,
                settings.Kafka.DrainTimeout
            )
        );
        Assert.Equal(["infra-events"], settings.Kafka.Topics);
        Assert.Equal(new Uri("https://events.pagerduty.com/"), settings.PagerDuty.Endpoint);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.OpsGenie.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Slack.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Entity.PassivateIdleAfter);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.Projection.Scheduler.WakeAhead);
        Assert.Equal(120, settings.Delivery.RateLimitFor("pagerduty"));
        Assert.Equal(
            "/var/run/secrets/kubernetes.io/serviceaccount/token",
            settings.Cluster.Bootstrap.Kubernetes.ApiTokenPath
        );
    }

    [Fact]
    public void Reading_the_shipped_file_and_reading_nothing_agree()
    {
        var fromFile = SettingsReader.Read(ConfigurationFactory.ParseString(File.ReadAllText(ShippedFile)));
        var fromNothing = ReadEmptySection();

        Assert.Equal(
            fromFile.Kafka with
            {
                Topics = [],
                ClientProperties = fromNothing.Kafka.ClientProperties,
            },
            fromNothing.Kafka with
            {
                Topics = [],
            }
        );
        Assert.Equal(fromFile.Kafka.Topics, fromNothing.Kafka.Topics);
        Assert.Equal(fromFile.Entity, fromNothing.Entity);
        Assert.Equal(fromFile.Projection.Scheduler, fromNothing.Projection.Scheduler);
        Assert.Equal(
            fromFile.Cluster.Bootstrap with
            {
                Endpoints = [],
            },
            fromNothing.Cluster.Bootstrap with
            {
                Endpoints = [],
            }
        );
        Assert.Equal(
            (fromFile.PagerDuty.Endpoint, fromFile.PagerDuty.AttemptTimeout),
            (fromNothing.PagerDuty.Endpoint, fromNothing.PagerDuty.AttemptTimeout)
        );
        Assert.Equal(
            (fromFile.OpsGenie.Endpoint, fromFile.OpsGenie.HeartbeatInterval),
            (fromNothing.OpsGenie.Endpoint, fromNothing.OpsGenie.HeartbeatInterval)
        );
    }

    [Fact]
    public void The_settings_records_start_from_the_shipped_defaults()
    {
        var read = ReadEmptySection();
        var kafka = new KafkaSettings("", ["infra-events"], "alertactors", "consumer", read.Kafka.ClientProperties);

        Assert.Equal(read.Entity, new AlertEntitySettings());
        Assert.Equal(read.Projection.Scheduler, new DueAlertSchedulerSettings());
        Assert.Equal(read.Kafka with { Topics = kafka.Topics }, kafka);
        Assert.Equal(
            read.FileInput,
            new AlertActorsSettings(
                "",
                "",
                read.Cluster,
                read.Persistence,
                kafka,
                read.PagerDuty,
                read.OpsGenie,
                read.Entity,
                read.Rules
            )
            {
                Webhook = read.Webhook,
                Slack = read.Slack,
            }.FileInput
        );
        var delivery = new DeliverySettings();
        Assert.Equal(
            (
                read.Delivery.BreakerMaxFailures,
                read.Delivery.BreakerResetTimeout,
                read.Delivery.CallTimeout,
                read.Delivery.ClientMinBackoff,
                read.Delivery.ClientMaxBackoff
            ),
            (
                delivery.BreakerMaxFailures,
                delivery.BreakerResetTimeout,
                delivery.CallTimeout,
                delivery.ClientMinBackoff,
                delivery.ClientMaxBackoff
            )
        );
    }

    [Fact]
    public void A_wrong_value_is_reported_and_the_shipped_default_stands_in()
    {
        var problems = new ConfigProblems();

        var settings = ReadEmptySection(
            "alertactors { kafka.max-in-flight = -1, entity.passivate-idle-after = soon, pagerduty.endpoint = \"ftp://x\" }",
            problems
        );

        Assert.Equal(
            [
                "alertactors.entity.passivate-idle-after",
                "alertactors.kafka.max-in-flight",
                "alertactors.pagerduty.endpoint",
            ],
            problems
                .Items.Select(problem => problem[..problem.IndexOf(':')])
                .Where(key => key != "alertactors.defaults")
                .Order()
        );
        Assert.Equal(ReferenceConfig.Int("kafka.max-in-flight"), settings.Kafka.MaxInFlight);
        Assert.Equal(ReferenceConfig.Duration("entity.passivate-idle-after"), settings.Entity.PassivateIdleAfter);
        Assert.Equal(new Uri(ReferenceConfig.String("pagerduty.endpoint")), settings.PagerDuty.Endpoint);
    }

    [Fact]
    public void The_configuration_reference_states_the_shipped_defaults()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "configuration.md"));
        var shipped = Leaves(ReferenceConfig.Defaults);
        var rows = Regex.Matches(
            doc,
            @"^\| `(alertactors\.[a-z0-9.-]+)` \| (`[^`|]*`|empty) \|",
            RegexOptions.Multiline
        );

        var disagreeing = rows.Where(row => shipped.ContainsKey(row.Groups[1].Value))
            .Select(row =>
                (
                    Key: row.Groups[1].Value,
                    Documented: row.Groups[2].Value == "empty" ? "" : row.Groups[2].Value.Trim('`')
                )
            )
            .Where(row => !SameValue(row.Documented, shipped[row.Key]))
            .Select(row => $"{row.Key}: docs say \"{row.Documented}\", hocon/alertactors.conf \"{shipped[row.Key]}\"")
            .ToList();

        Assert.True(rows.Count > 50, $"expected the reference's key tables, found {rows.Count} rows");
        Assert.Empty(disagreeing);
    }

    /// <summary>The same value, written either way: on/off/true/false/yes/no, and an empty list (its leaf reads as
    /// "").</summary>
    private static bool SameValue(string documented, string shipped) =>
        documented == shipped
        || (documented == "[]" && shipped.Length == 0)
        || (Flag(documented) is { } a && a == Flag(shipped));

    private static bool? Flag(string text) =>
        text switch
        {
            "on" or "true" or "yes" => true,
            "off" or "false" or "no" => false,
            _ => null,
        };

    /// <summary>Every scalar under <c>alertactors</c>, by its full key.</summary>
    private static SortedDictionary<string, string> Leaves(Config config)
    {
        var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Collect(config.GetValue("alertactors"), "alertactors", leaves);
        return leaves;
    }

    private static void Collect(HoconValue value, string path, IDictionary<string, string> leaves)
    {
        if (value.IsObject())
            foreach (var (key, child) in value.GetObject().Items)
                Collect(child, $"{path}.{key}", leaves);
        else if (!value.IsArray())
            leaves[path] = value.GetString() ?? "";
    }

    [Fact]
    public void A_wrong_key_of_the_rules_defaults_is_reported_and_the_shipped_value_stands_in()
    {
        var problems = new ConfigProblems();
        var hocon = """
            alertactors { defaults { min-severity = loud, dedup-key = "{nope", repeat-interval = often } }
            """;

        var rule = RuleReader
            .Read(ConfigurationFactory.ParseString(hocon).GetConfig("alertactors"), problems)
            .Rules.Single();

        Assert.Equal(3, problems.Count);
        var shipped = RuleReader.Read(ReferenceConfig.Section, new ConfigProblems()).Rules.Single();
        Assert.Equal(
            Enum.Parse<Domain.Events.Severity>(ReferenceConfig.String("defaults.min-severity"), true),
            rule.MinSeverity
        );
        Assert.Equal(ReferenceConfig.String("defaults.dedup-key"), rule.DedupKey.Text);
        Assert.Equal(ReferenceConfig.Duration("defaults.repeat-interval"), rule.Policy.RepeatInterval);
        Assert.Equal(shipped.Policy, rule.Policy);
    }

    /// <summary>
    /// The policy an alert recovered from a journal written before policies were journaled starts from is a domain
    /// constant (<c>AlertPolicy.Default</c>: recovery reads no configuration); it is the shipped one.
    /// </summary>
    [Fact]
    public void The_domain_policy_of_alerts_journaled_before_policies_is_the_shipped_policy()
    {
        var shipped = RuleReader.Read(ReferenceConfig.Section, new ConfigProblems()).Rules.Single();

        Assert.Equal(Domain.Rules.AlertPolicy.Default, shipped.Policy);
    }
}
