using Akka.Configuration;
using AlertActors.Configuration;
using AlertActors.Notifications;

namespace AlertActors.Configuration.Tests;

/// <summary>The node's redactor masks every kind of secret the configuration can hold, and nothing that is not
/// one.</summary>
public class ConfiguredSecretsTests
{
    private static readonly Config Base = ConfigurationFactory.ParseString(
        File.ReadAllText(Path.Combine(RuleConfig.HoconDirectory, "alertactors.conf"))
    );

    private const string Hocon = """
        alertactors {
          pagerduty {
            routing-key = "pd-default-key-0001"
            webhook-secret = "pd-webhook-secret-0001"
            routing {
              by-tenant { site-a = "pd-tenant-key-0001" }
              by-severity { critical = "pd-severity-key-0001" }
            }
          }
          opsgenie { api-key = "og-api-key-0001", webhook-token = "og-webhook-token-0001" }
          webhook {
            url = "https://hooks.example.org/in/wh-path-secret-0001?sig=wh-query-secret-0001"
            headers {
              Authorization = "Bearer wh-bearer-secret-0001"
              X-Api-Key = "wh-header-secret-0001"
              Content-Type = "application/json"
            }
          }
          slack.url = "https://hooks.slack.com/services/T0/B0/slack-secret-0001"
          http {
            api-token = "api-admin-token-0001"
            tokens = [ { name = dash, token = "api-viewer-token-0001", role = viewer } ]
          }
          kafka.client { "sasl.username" = "kafka-user", "sasl.password" = "kafka-password-0001" }
          persistence { provider = postgresql, connection-string = "Host=db;Username=alertactors;Password=db-password-0001" }
          rules = [
            {
              name = routed
              route { pagerduty { routing-key = "pd-rule-key-0001" } }
            }
          ]
        }
        """;

    private static readonly string[] Secrets =
    [
        "pd-default-key-0001",
        "pd-webhook-secret-0001",
        "pd-tenant-key-0001",
        "pd-severity-key-0001",
        "og-api-key-0001",
        "og-webhook-token-0001",
        "wh-path-secret-0001",
        "wh-query-secret-0001",
        "wh-bearer-secret-0001",
        "wh-header-secret-0001",
        "slack-secret-0001",
        "api-admin-token-0001",
        "api-viewer-token-0001",
        "kafka-password-0001",
        "db-password-0001",
        "pd-rule-key-0001",
    ];

    [Fact]
    public void Every_kind_of_configured_secret_is_masked_and_plain_settings_are_not()
    {
        var redactor = SettingsReader
            .Read(ConfigurationFactory.ParseString(Hocon).WithFallback(Base))
            .Delivery.Redactor;
        var echoed = string.Join("\n", Secrets.Select(s => $"echo: {s}"));

        var masked = redactor.Redact(echoed);

        Assert.All(Secrets, s => Assert.DoesNotContain(s, masked));
        Assert.Equal(Secrets.Length, masked.Split('\n').Count(line => line == "echo: ***"));
        var plain = "Content-Type: application/json; user kafka-user at hooks.example.org";
        Assert.Equal(plain, redactor.Redact(plain));
        Assert.DoesNotContain("0001", redactor.ToString());
    }

    [Fact]
    public void Secrets_set_by_environment_variables_are_masked_too()
    {
        var environment = new System.Collections.Hashtable
        {
            ["PAGERDUTY_ROUTING_KEY"] = "env-pd-key-0002",
            ["OPSGENIE_API_KEY"] = "env-og-key-0002",
            ["ALERTACTORS_API_TOKEN"] = "env-api-token-0002",
            ["SLACK_WEBHOOK_URL"] = "https://hooks.slack.com/services/T0/B0/env-slack-0002",
        };
        var config = ConfigLoader.Load(RuleConfig.HoconDirectory, operatorFile: null, environment);

        var masked = SettingsReader
            .Read(config)
            .Delivery.Redactor.Redact(
                "env-pd-key-0002 env-og-key-0002 env-api-token-0002 /services/T0/B0/env-slack-0002"
            );

        Assert.Equal("*** *** *** ***", masked);
    }

    [Fact]
    public void Without_secrets_nothing_is_masked()
    {
        var redactor = SettingsReader.Read(Base).Delivery.Redactor;

        Assert.Equal(0, redactor.SecretCount);
        Assert.Equal("HTTP 400: routing_key is invalid", redactor.Redact("HTTP 400: routing_key is invalid"));
        Assert.Equal(
            SecretRedactor.MaxDetailLength,
            redactor
                .Redact(
                    new AlertActors.Domain.Notifications.DeliveryOutcome(
                        AlertActors.Domain.Notifications.DeliveryOutcomeKind.Permanent,
                        new string('x', 5000)
                    )
                )
                .Detail!.Length
        );
    }
}
