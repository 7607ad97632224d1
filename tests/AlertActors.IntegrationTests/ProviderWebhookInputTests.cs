using System.Text;
using AlertActors.Host.Api;
using AlertActors.Host.Application;

namespace AlertActors.IntegrationTests;

/// <summary>
/// What provider webhooks are checked and read by, without a node: PagerDuty's <c>v1=</c> signatures and the epoch
/// times of OpsGenie, whatever their unit.
/// </summary>
public sealed class ProviderWebhookInputTests
{
    private const string Secret = "pd-webhook-secret-0123456789";

    [Theory]
    [InlineData(1420452224764002246, 1420452224764)] // updatedAt: nanoseconds
    [InlineData(1420452191104, 1420452191104)] // createdAt: milliseconds
    [InlineData(1420452191104000, 1420452191104)] // microseconds
    [InlineData(1420452191, 1420452191000)] // seconds
    [InlineData(-5, 0)]
    public void OpsGenie_epoch_times_are_read_in_their_unit(long epoch, long expectedMilliseconds) =>
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMilliseconds), OpsGenieWebhookReader.Time(epoch));

    [Fact]
    public void Signature_check_accepts_any_matching_v1_and_nothing_else()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":{"event_type":"pagey.ping"}}""");
        var good = ProviderWebhooksEndpoints.PagerDutySignature(body, Secret);

        Assert.Matches("^v1=[0-9a-f]{64}$", good);
        Assert.True(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, good, Secret));
        Assert.True(
            ProviderWebhooksEndpoints.PagerDutySignatureValid(
                body,
                $"v1=zz,{good.ToUpperInvariant().Replace("V1=", "v1=")}",
                Secret
            )
        );
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, "", Secret));
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, good["v1=".Length..], Secret));
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, "v2=" + good["v1=".Length..], Secret));
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, good, "other-secret"));
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid([.. body, (byte)' '], good, Secret));
    }
}
