using System.Collections;
using System.Text.Json.Nodes;
using Akka.Configuration;
using AlertActors.Domain.Rules;
using static AlertActors.Configuration.Tests.RuleConfig;

namespace AlertActors.Configuration.Tests;

/// <summary>A rule's <c>remediation { webhook, max-attempts, timeout, page }</c> and
/// <c>alertactors.remediation.secret</c> (README "Remediation").</summary>
public class RemediationConfigTests
{
    private const string Secret = "remediation.secret = \"s3cr3t-signing-key\"";

    private const string BadRule = """
        { name = disk-full
          group { by = [tenant] }
          remediation { webhook = "ftp://fix.example/run?token=T0KEN-123456", max-attempts = 0, timeout = 0, page = later } }
        """;

    private static string[] ProblemsOf(string items, string extra = "")
    {
        var problems = new ConfigProblems();
        SettingsReader.Read(
            ConfigurationFactory
                .ParseString($"alertactors {{\n{extra}\nrules = [\n{items}\n]\n}}")
                .WithFallback(
                    ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(HoconDirectory, "alertactors.conf")))
                ),
            problems
        );
        return [.. problems.Items];
    }

    [Fact]
    public void A_rule_reads_its_remediation_with_the_defaults_for_what_it_leaves_out()
    {
        var rules = ReadRules(
            """
            { name = disk-full, remediation { webhook = "https://fix.example/run?token=abc" } }
            { name = dns, remediation { webhook = "http://127.0.0.1:9/x", max-attempts = 10, timeout = 5m, page = immediately } }
            { name = plain }
            """,
            Secret
        );

        var first = rules.Rules[0];
        Assert.Equal(
            new RemediationPolicy(3, TimeSpan.FromSeconds(30), RemediationPage.AfterRemediation),
            first.Policy.Remediation
        );
        Assert.Equal(new Uri("https://fix.example/run?token=abc"), first.RemediationWebhook);
        Assert.Equal(
            new RemediationPolicy(10, TimeSpan.FromMinutes(5), RemediationPage.Immediately),
            rules.Rules[1].Policy.Remediation
        );
        Assert.Null(rules.Rules[2].Policy.Remediation);
        Assert.Null(rules.Rules[2].RemediationWebhook);
    }

    [Fact]
    public void Every_problem_of_a_remediation_is_reported_at_once_and_the_url_is_never_repeated()
    {
        var problems = ProblemsOf(BadRule);

        const string at = "alertactors.rules[0] (disk-full).remediation";
        Assert.Contains($"{at}.webhook: is not an absolute http or https URL", problems);
        Assert.Contains(problems, p => p.StartsWith($"{at}.max-attempts: 0 is not between 1 and 10"));
        Assert.Contains(problems, p => p.StartsWith($"{at}.timeout: must be more than 0"));
        Assert.Contains(
            problems,
            p => p.StartsWith($"{at}.page: \"later\" is not one of after-remediation, immediately")
        );
        Assert.Contains(problems, p => p.StartsWith($"{at}: remediation is per alert; a grouped rule cannot have it"));
        Assert.Contains(
            problems,
            p => p.StartsWith($"{at}: needs alertactors.remediation.secret (or ALERTACTORS_REMEDIATION_SECRET)")
        );
        Assert.Equal(6, problems.Length);
        Assert.DoesNotContain(problems, p => p.Contains("T0KEN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("max-attempts = 11", "max-attempts: 11 is not between 1 and 10")]
    [InlineData("timeout = 301s", "timeout: 301s is longer than 5m")]
    [InlineData("timeout = 30", "timeout: \"30\" has no unit")]
    [InlineData("retries = 2", "remediation.retries: unknown key")]
    public void Out_of_range_values_and_unknown_keys_are_problems(string setting, string expected)
    {
        var problems = ProblemsOf(
            $$"""{ name = r, remediation { webhook = "https://fix.example/run", {{setting}} } }""",
            Secret
        );

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_webhook_is_required()
    {
        var problems = ProblemsOf("{ name = r, remediation { max-attempts = 2 } }", Secret);

        Assert.Equal(
            [
                "alertactors.rules[0] (r).remediation.webhook: is required: the absolute http(s) URL of the remediation endpoint",
            ],
            problems
        );
    }

    [Fact]
    public void The_environment_variable_supplies_the_secret_and_it_is_a_secret_to_redact()
    {
        var file = Path.Combine(Path.GetTempPath(), $"remediation-{Guid.NewGuid():N}.conf");
        File.WriteAllText(
            file,
            """alertactors.rules = [ { name = r, remediation { webhook = "https://fix.example/run?token=QUERYTOKEN1" } } ]"""
        );
        try
        {
            var settings = SettingsReader.Read(
                ConfigLoader.Load(
                    HoconDirectory,
                    file,
                    new Hashtable { ["ALERTACTORS_REMEDIATION_SECRET"] = "from-env-secret" }
                )
            );

            Assert.Equal("from-env-secret", settings.Remediation.Secret);
            Assert.DoesNotContain("from-env-secret", settings.Remediation.ToString());
            var redacted = settings.Delivery.Redactor.Redact(
                "key from-env-secret at https://fix.example/run?token=QUERYTOKEN1"
            );
            Assert.DoesNotContain("from-env-secret", redacted);
            Assert.DoesNotContain("QUERYTOKEN1", redacted);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_api_rule_gets_the_same_problems_in_the_same_words_as_check_config()
    {
        const string json = """
            {"name":"disk-full","group":{"by":["tenant"]},
             "remediation":{"webhook":"ftp://fix.example/run?token=T0KEN-123456","max-attempts":0,"timeout":"0","page":"later"}}
            """;
        var section = ConfigurationFactory
            .ParseString(File.ReadAllText(Path.Combine(HoconDirectory, "alertactors.conf")))
            .GetConfig("alertactors");
        var reader = new ApiRuleReader(section, Read("alertactors { }"));

        var (rules, problems) = reader.Read([(JsonObject)JsonNode.Parse(json)!]);

        Assert.Empty(rules);
        // check-config's problems, then the one an API rule adds: it may not hold the webhook at all.
        Assert.Equal(ProblemsOf(BadRule), problems.SkipLast(1));
        Assert.StartsWith(
            "alertactors.rules[0] (disk-full).remediation.webhook: an API rule cannot hold a remediation webhook",
            problems[^1]
        );
        Assert.DoesNotContain("T0KEN", problems[^1]);
    }

    [Fact]
    public void An_api_rule_may_not_hold_a_remediation_webhook_a_secret_it_would_journal()
    {
        var section = ConfigurationFactory
            .ParseString($"alertactors {{ {Secret} }}")
            .WithFallback(
                ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(HoconDirectory, "alertactors.conf")))
            )
            .GetConfig("alertactors");
        var reader = new ApiRuleReader(section, Read("alertactors { }"));

        var (rules, problems) = reader.Read([
            (JsonObject)
                JsonNode.Parse(
                    """{"name":"r","remediation":{"webhook":"https://fix.example/run","page":"immediately"}}"""
                )!,
        ]);

        Assert.Empty(rules);
        SecretRefusal.AssertSingleWithoutSecret(
            problems,
            "alertactors.rules[0] (r).remediation.webhook: an API rule cannot hold a remediation",
            "fix.example"
        );
    }
}
