using System.Text;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Host.Application;
using static AlertActors.IntegrationTests.ProviderWebhookRequests;

namespace AlertActors.IntegrationTests;

/// <summary>A change made in PagerDuty or OpsGenie to an escalation step's incident is its alert's (README
/// "Escalation"): the secondary on-call acknowledging their page acknowledges the alert everywhere.</summary>
public class EscalationWebhookTests
{
    [Fact]
    public void A_pagerduty_acknowledge_of_a_steps_incident_acknowledges_its_alert_and_tells_every_provider()
    {
        var reading = PagerDutyWebhookReader.Read(
            Encoding.UTF8.GetBytes(PagerDutyEvent("incident.acknowledged", "k:db/escalation-1", "Sam Secondary"))
        );

        var command = Assert.IsType<AlertCommands.Acknowledge>(
            Assert.IsType<ProviderWebhookReading.AlertChange>(reading).Command
        );
        Assert.Equal(("k:db", null), (command.DedupKey, command.Origin));
    }

    [Fact]
    public void An_opsgenie_close_of_a_steps_alert_resolves_its_alert_and_the_alerts_own_changes_keep_their_origin()
    {
        var step = OpsGenieWebhookReader.Read(
            Encoding.UTF8.GetBytes(OpsGenieEvent("Close", "k:db/escalation-2", "sam"))
        );
        var own = OpsGenieWebhookReader.Read(Encoding.UTF8.GetBytes(OpsGenieEvent("Close", "k:db", "sam")));

        var resolve = Assert.IsType<AlertCommands.Resolve>(
            Assert.IsType<ProviderWebhookReading.AlertChange>(step).Command
        );
        Assert.Equal(("k:db", null), (resolve.DedupKey, resolve.Origin));
        var ownResolve = Assert.IsType<AlertCommands.Resolve>(
            Assert.IsType<ProviderWebhookReading.AlertChange>(own).Command
        );
        Assert.Equal(("k:db", ProviderNames.OpsGenie), (ownResolve.DedupKey, ownResolve.Origin));
    }

    [Theory]
    [InlineData("k/escalation-12", "k", 12)]
    [InlineData("a/b/escalation-1", "a/b", 1)]
    [InlineData("k/escalation-0", "k/escalation-0", null)]
    [InlineData("k/escalation-", "k/escalation-", null)]
    [InlineData("/escalation-1", "/escalation-1", null)]
    [InlineData("k:escalation-1", "k:escalation-1", null)]
    public void An_incident_key_names_its_alert_and_step(string incidentKey, string alert, int? step)
    {
        Assert.Equal((alert, step), EscalationKeys.AlertOf(incidentKey));
    }
}
