using AlertActors.Host.Kafka;
using AlertActors.Ingest;
using AlertActors.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.IntegrationTests;

/// <summary>When the journal stalls, the consumer stops taking messages instead of piling them up in memory.</summary>
public sealed class KafkaBackpressureTests : IDisposable
{
    private const int Events = 600;
    private const int MaxInFlight = 40;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _directory = new();
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start(
        ["infra-events", "infra-events.dlq"],
        NullLogger.Instance
    );

    [Fact]
    public async Task A_stalled_journal_pauses_consumption_at_the_in_flight_bound_and_everything_is_processed_after()
    {
        await using var node = await TestNode.StartAsync(
            _directory,
            $$"""
            alertactors.kafka {
              bootstrap-servers = {{TestNode.Quote(_broker.BootstrapServers)}}
              max-in-flight-per-partition = 20
              max-in-flight = {{MaxInFlight}}
            }
            """
        );
        var ingest = node.Services.GetRequiredService<KafkaIngestService>();
        using var producer = new KafkaTestClient(_broker.BootstrapServers);

        // Stall the journal: hold SQLite's write lock while the whole stream is produced.
        await using (var stall = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "alertactors.db")}"))
        {
            await stall.OpenAsync();
            await using var transaction = stall.BeginTransaction(); // BEGIN IMMEDIATE: the single write lock
            for (var i = 0; i < Events; i++)
                await producer.ProduceAsync("infra-events", Event(i), key: $"host-{i % 30}");
            await Task.Delay(TimeSpan.FromSeconds(3)); // a stall of fixed length is the point of this test, not a timer
            // Saturated (the stream is 600 messages) but bounded.
            Assert.InRange(ingest.PeakInFlight, MaxInFlight / 2, MaxInFlight + 1);
            await transaction.CommitAsync();
        }

        await Eventually.HoldsAsync(
            async () =>
            {
                var total = 0L;
                for (var key = 0; key < 30; key++)
                    total +=
                        (await node.TryGetAlertAsync($"default:health.check.failed:host-{key}"))?[
                            "occurrences"
                        ]?.GetValue<long>() ?? 0;
                return total == Events;
            },
            Within,
            "not every event was recorded after the journal recovered"
        );
        Assert.InRange(ingest.PeakInFlight, 1, MaxInFlight + 1);
    }

    private static object Event(int i) =>
        new
        {
            id = $"bp-{i}",
            source = "health-checker",
            type = "health.check.failed",
            subject = $"host-{i % 30}",
            severity = "critical",
        };

    public void Dispose()
    {
        _broker.Dispose();
        _directory.Dispose();
    }
}
