using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>GET /metrics in Prometheus text format: inputs, deliveries, breakers and Kafka lag of this node (and only
/// this node).</summary>
public sealed partial class MetricsTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    [Fact]
    public async Task Metrics_count_inputs_and_deliveries_and_show_breakers_and_kafka_lag()
    {
        await using var node = await TestNode.StartAsync(
            _directory,
            _providers.Hocon + "\nalertactors.http.api-token = \"metrics-test-token\""
        );
        node.Http.DefaultRequestHeaders.Authorization = new("Bearer", "metrics-test-token");

        using (
            var valid = await node.Http.PostAsJsonAsync(
                "/api/v1/events",
                KafkaToProvidersTests.RogueMacEvent("metrics-1", "trigger")
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, valid.StatusCode);
        var invalidBatch =
            """[{"id":"ok-1","source":"s","type":"t","severity":"critical"},{"id":"bad-1","source":"s","type":"t","severity":"urgent"}]""";
        using (
            var invalid = await node.Http.PostAsync(
                "/api/v1/events",
                new StringContent(invalidBatch, Encoding.UTF8, "application/json")
            )
        )
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using (
            var invalid = await node.Http.PostAsync(
                "/api/v1/alertmanager",
                new StringContent("""{"version":"3"}""", Encoding.UTF8, "application/json")
            )
        )
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        await Eventually.HoldsAsync(
            () => _providers.PagerDutyCalls.Count >= 1,
            Within,
            "the trigger never reached PagerDuty"
        );

        // With tokens configured, /metrics needs one too (Prometheus sends it as a bearer token).
        using (var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress })
        using (var refused = await anonymous.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
        }
        var scraper = node.Http;
        IReadOnlyList<Sample> samples = [];
        string text = "";
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    using var response = await scraper.GetAsync("/metrics");
                    if (response.StatusCode != HttpStatusCode.OK)
                        return false;
                    text = await response.Content.ReadAsStringAsync();
                    samples = Parse(text);
                    return Value(
                            samples,
                            "alertactors_notifications_total",
                            ("provider", "pagerduty"),
                            ("outcome", "delivered")
                        ) >= 1
                        && LagSeries(samples).Count == AlertActors.Host.Kafka.EmbeddedKafkaBroker.Partitions;
                },
                Within,
                "/metrics never showed the PagerDuty delivery and the Kafka lag"
            );
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + "\n" + text, ex);
        }

        Assert.Equal(1, Value(samples, "alertactors_events_in_total", ("source", "http"), ("outcome", "accepted")));
        Assert.Equal(1, Value(samples, "alertactors_events_in_total", ("source", "http"), ("outcome", "invalid")));
        Assert.Equal(
            1,
            Value(samples, "alertactors_events_in_total", ("source", "alertmanager"), ("outcome", "invalid"))
        );
        Assert.Null(Value(samples, "alertactors_events_in_total", ("source", "kafka"), ("outcome", "accepted")));
        Assert.Equal(
            1,
            Value(samples, "alertactors_notifications_total", ("provider", "pagerduty"), ("outcome", "delivered"))
        );
        Assert.Equal(1, Value(samples, "alertactors_delivery_duration_seconds_count", ("provider", "pagerduty")));
        Assert.Equal(0, Value(samples, "alertactors_breaker_state", ("provider", "pagerduty")));
        Assert.Equal(0, Value(samples, "alertactors_breaker_state", ("provider", "opsgenie")));
        Assert.Equal(["0", "1", "2", "3"], LagSeries(samples).Select(s => s.Labels["partition"]).Order());
        Assert.All(LagSeries(samples), s => Assert.Equal(0, s.Value));
        Assert.Equal(1, Value(samples, "alertactors_cluster_members", ("status", "up")));
        Assert.True(Value(samples, "alertactors_journal_write_events_count") >= 1, "no journal write was observed");
        Assert.True(
            Value(samples, "alertactors_journal_write_duration_seconds_count") >= 1,
            "no journal write was timed"
        );
        Assert.DoesNotContain(ProviderStubs.RoutingKey, text);
        Assert.DoesNotContain(ProviderStubs.ApiKey, text);
        Assert.DoesNotContain("metrics-test-token", text);

        // Kafka input: a valid message and a poison one (dead-lettered).
        using var kafka = new KafkaTestClient(
            (await node.GetJsonAsync("/api/v1/info"))["kafka"]!["bootstrap_servers"]!.GetValue<string>()
        );
        await kafka.ProduceAsync("infra-events", KafkaToProvidersTests.RogueMacEvent("metrics-2", "trigger"), key: "k");
        await kafka.ProduceRawAsync("infra-events", "not json"u8.ToArray(), key: "k");
        await Eventually.HoldsAsync(
            async () =>
            {
                var now = Parse(await scraper.GetStringAsync("/metrics"));
                return Value(now, "alertactors_events_in_total", ("source", "kafka"), ("outcome", "accepted")) == 1
                    && Value(now, "alertactors_events_in_total", ("source", "kafka"), ("outcome", "invalid")) == 1
                    && Value(now, "alertactors_kafka_dead_letters_total", ("topic", "infra-events")) == 1;
            },
            Within,
            "/metrics never counted the Kafka messages"
        );
    }

    private static List<Sample> LagSeries(IReadOnlyList<Sample> samples) =>
        samples
            .Where(s => s.Name == "alertactors_kafka_lag" && s.Labels.GetValueOrDefault("topic") == "infra-events")
            .ToList();

    internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>The value of the one series with this name and (at least) these labels; null if there is
    /// none.</summary>
    internal static double? Value(
        IReadOnlyList<Sample> samples,
        string name,
        params (string Key, string Value)[] labels
    )
    {
        var matching = samples
            .Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value))
            .ToList();
        return matching.Count switch
        {
            0 => null,
            1 => matching[0].Value,
            _ => throw new InvalidOperationException(
                $"{matching.Count} series of {name} match {string.Join(",", labels)}"
            ),
        };
    }

    /// <summary>Prometheus text exposition format: <c>name{label="value",...} value [timestamp]</c> per line.</summary>
    internal static List<Sample> Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            var labels = LabelPair()
                .Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => Regex.Unescape(m.Groups["value"].Value));
            samples.Add(
                new Sample(
                    match.Groups["name"].Value,
                    labels,
                    double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)
                )
            );
        }
        return samples;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex LabelPair();

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
