using System.Security.Cryptography;
using System.Text;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Notifications.Remediation;
using AlertActors.TestSupport;
using static AlertActors.Notifications.Tests.Build;

namespace AlertActors.Notifications.Tests;

/// <summary>The remediation call (README "Remediation") against a loopback Kestrel endpoint: signed, one call per
/// attempt, and what each answer comes to.</summary>
public sealed class RemediationProviderTests : IAsyncLifetime
{
    private const string Secret = "signing-secret-0123456789";
    private const string QueryToken = "QUERYTOKEN-abcdef123456";
    private RemediationStub _stub = null!;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task InitializeAsync() => _stub = await RemediationStub.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stub.DisposeAsync();
    }

    private static NotificationRequest Attempt(int attempt, TimeSpan? timeout = null) =>
        Request(detailsJson: """{"site":"a"}""") with
        {
            Rule = "disk-full",
            Remediation = new RemediationCall(attempt, 3, timeout ?? TimeSpan.FromSeconds(10), T0),
        };

    private RemediationProvider Provider(Uri url, Uri? apiBaseUrl = null) =>
        new(
            _http,
            new RemediationOptions { Secret = Secret, ApiBaseUrl = apiBaseUrl },
            new RuleSet([
                new AlertRule(
                    "disk-full",
                    null,
                    Severity.Info,
                    new FieldTemplate("{subject}"),
                    AlertRule.DefaultSummary,
                    null,
                    [],
                    AlertPolicy.Default,
                    AlertRoute.Default
                )
                {
                    RemediationWebhook = url,
                },
            ])
        );

    [Fact]
    public async Task The_signature_verifies_with_the_secret_over_the_timestamp_and_the_raw_body()
    {
        _stub.Script(RemediationAnswer.Resolved);

        await Provider(_stub.Url).SendAsync(Attempt(2), CancellationToken.None);

        var call = Assert.Single(_stub.Calls);
        var signed = Encoding.UTF8.GetBytes(call.Timestamp + ".").Concat(call.Body).ToArray();
        var expected =
            "sha256="
            + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed)).ToLowerInvariant();
        Assert.Equal(expected, call.Signature);
        Assert.True(long.TryParse(call.Timestamp, out var seconds));
        Assert.InRange(
            DateTimeOffset.FromUnixTimeSeconds(seconds),
            DateTimeOffset.UtcNow.AddMinutes(-5),
            DateTimeOffset.UtcNow.AddMinutes(1)
        );
    }

    [Fact]
    public async Task The_body_carries_the_alert_the_attempt_and_how_to_resolve_it()
    {
        _stub.Script(RemediationAnswer.Resolved);

        await Provider(_stub.Url, new Uri("http://alertactors.example:8080"))
            .SendAsync(Attempt(2), CancellationToken.None);

        var body = Assert.Single(_stub.Calls).Json!;
        Assert.Equal("acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff", body["dedup_key"]!.GetValue<string>());
        Assert.Equal("disk-full", body["rule"]!.GetValue<string>());
        Assert.Equal("high", body["severity"]!.GetValue<string>());
        Assert.Equal("acme", body["tenant"]!.GetValue<string>());
        Assert.Equal("a", body["details"]!["site"]!.GetValue<string>());
        Assert.Equal((2, 3), (body["attempt"]!.GetValue<int>(), body["max_attempts"]!.GetValue<int>()));
        Assert.Equal("2025-03-01T12:00:00.000Z", body["firing_since"]!.GetValue<string>());
        Assert.Equal(
            "http://alertactors.example:8080/api/v1/alerts/acme%3Adhcp.lease.rogue_mac%3Aaa%3Abb%3Acc%3Add%3Aee%3Aff/resolve",
            body["resolve_url"]!.GetValue<string>()
        );
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(_stub.Calls[0].Body));
    }

    [Fact]
    public async Task Resolved_is_success_and_failed_is_a_failed_attempt_with_the_endpoints_detail()
    {
        _stub.Script(RemediationAnswer.Resolved, RemediationAnswer.Failed("disk still full"));
        var provider = Provider(_stub.Url);

        var resolved = await provider.SendAsync(Attempt(1), CancellationToken.None);
        var failed = await provider.SendAsync(Attempt(2), CancellationToken.None);

        Assert.Equal(DeliveryOutcomeKind.Delivered, resolved.Kind);
        Assert.Equal(new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "disk still full"), failed);
        Assert.Equal([1, 2], _stub.Calls.Select(c => c.Attempt));
    }

    [Theory]
    [InlineData(503, """{"result":"resolved"}""", DeliveryOutcomeKind.Retryable, "HTTP 503")]
    [InlineData(404, "not here", DeliveryOutcomeKind.Permanent, "HTTP 404: not here")]
    [InlineData(200, "<html>ok</html>", DeliveryOutcomeKind.Permanent, "HTTP 200, not JSON")]
    [InlineData(200, """{"status":"done"}""", DeliveryOutcomeKind.Permanent, "without \"result\"")]
    public async Task A_non_2xx_or_an_unreadable_answer_is_a_failed_attempt_made_with_exactly_one_call(
        int status,
        string body,
        DeliveryOutcomeKind kind,
        string detail
    )
    {
        _stub.Script(new RemediationAnswer(status, body));

        var outcome = await Provider(_stub.Url).SendAsync(Attempt(1), CancellationToken.None);

        Assert.Equal(kind, outcome.Kind);
        Assert.NotEqual(DeliveryOutcomeKind.Delivered, outcome.Kind);
        Assert.Contains(detail, outcome.Detail);
        Assert.Single(_stub.Calls);
    }

    [Fact]
    public async Task No_answer_within_the_rules_timeout_is_a_failed_attempt_and_one_call()
    {
        _stub.Script(new RemediationAnswer(200, """{"result":"resolved"}""", Delay: TimeSpan.FromMinutes(1)));

        // Long enough for the stub to take the call on a loaded machine, far shorter than its answer.
        var outcome = await Provider(_stub.Url)
            .SendAsync(Attempt(1, timeout: TimeSpan.FromSeconds(2)), CancellationToken.None);

        Assert.Equal(DeliveryOutcomeKind.Retryable, outcome.Kind);
        Assert.StartsWith("no answer within", outcome.Detail);
        await Eventually.HoldsAsync(() => _stub.Calls.Count > 0, TimeSpan.FromSeconds(10), "the call never arrived");
        Assert.Single(_stub.Calls);
    }

    [Fact]
    public async Task Neither_the_secret_nor_the_urls_query_appears_in_an_outcome()
    {
        using var echo = new EchoStub(500, alsoSays: $"debug: secret={Secret}");
        var url = new Uri($"{echo.Url}/remediate?token={QueryToken}");

        var echoed = await Provider(url).SendAsync(Attempt(1), CancellationToken.None);
        var refused = await Provider(new Uri($"http://127.0.0.1:1/remediate?token={QueryToken}"))
            .SendAsync(Attempt(1), CancellationToken.None);

        foreach (var outcome in new[] { echoed, refused })
        {
            Assert.NotEqual(DeliveryOutcomeKind.Delivered, outcome.Kind);
            Assert.DoesNotContain(Secret, outcome.Detail);
            Assert.DoesNotContain(QueryToken, outcome.Detail);
        }
        Assert.Equal(1, echo.Calls);
    }

    [Fact]
    public async Task A_rule_without_a_webhook_any_more_is_a_failed_attempt_without_a_call()
    {
        var outcome = await Provider(_stub.Url).SendAsync(Attempt(1) with { Rule = "gone" }, CancellationToken.None);

        Assert.Equal(DeliveryOutcomeKind.Permanent, outcome.Kind);
        Assert.Empty(_stub.Calls);
    }
}
