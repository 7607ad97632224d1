using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.Host.Kafka;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.Bench;

/// <summary>
/// <c>ingest</c>: N events through Kafka over K dedup keys into one node on SQLite; sustained events/s until
/// every offset is committed (which happens only after every event is persisted), and journal writes per
/// event (hot keys coalesce).
/// </summary>
public static class IngestScenario
{
    private const string Topic = "infra-events";
    private const string Group = "alertactors";

    public static async Task<ResultTable> RunAsync(BenchArgs args)
    {
        var events = args.Int("--events", quick: 5_000, full: 100_000);
        var keys = args.Int("--keys", quick: 100, full: 1_000);
        using var broker = EmbeddedKafkaBroker.Start([Topic, Topic + ".dlq"], NullLogger.Instance);
        var dataDir = Path.Combine(Path.GetTempPath(), "alertactors-bench", Guid.NewGuid().ToString("N"));
        await using var node = await BenchNode.StartAsync(
            dataDir,
            $"alertactors.kafka.bootstrap-servers = \"{broker.BootstrapServers}\"\nalertactors.defaults.min-severity = info"
        );

        var payloads = Enumerable
            .Range(0, events)
            .Select(i =>
                Encoding.UTF8.GetBytes(
                    $$"""{"id":"bench-{{i}}","source":"bench","type":"bench.event","subject":"key-{{i % keys}}","severity":"critical"}"""
                )
            )
            .ToArray();
        using var producer = new ProducerBuilder<string, byte[]>(
            new ProducerConfig
            {
                BootstrapServers = broker.BootstrapServers,
                LingerMs = 5,
                BatchSize = 1_000_000,
                Acks = Acks.Leader,
            }
        ).Build();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < events; i++)
            producer.Produce(Topic, new Message<string, byte[]> { Key = $"key-{i % keys}", Value = payloads[i] });
        producer.Flush(TimeSpan.FromMinutes(2));
        var produced = clock.Elapsed;

        using var admin = new AdminClientBuilder(
            new AdminClientConfig { BootstrapServers = broker.BootstrapServers }
        ).Build();
        var partitions = admin
            .GetMetadata(Topic, TimeSpan.FromSeconds(10))
            .Topics[0]
            .Partitions.Select(p => new TopicPartition(Topic, p.PartitionId))
            .ToList();
        long committed = 0;
        var peakRss = 0.0;
        while (committed < events && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            var offsets = await admin.ListConsumerGroupOffsetsAsync([
                new ConsumerGroupTopicPartitions(Group, partitions),
            ]);
            committed = offsets[0].Partitions.Sum(p => Math.Max(0, p.Offset.Value));
            peakRss = Math.Max(peakRss, ProcessStats.RssMiB(node.ProcessId));
            if (committed < events)
                await Task.Delay(50);
        }
        var elapsed = clock.Elapsed;

        var sample = JsonNode.Parse(
            await node.Http.GetStringAsync($"/api/v1/alerts/{Uri.EscapeDataString("default:bench.event:key-0")}")
        )!;
        var expected = events / keys + (0 < events % keys ? 1 : 0);
        var writes = CountJournalRows(dataDir);
        return new ResultTable("ingest")
            .Row("scenario", "ingest (Kafka → persisted, offsets committed), one node, SQLite")
            .Row("events / keys", $"{events} / {keys}")
            .Row("produce time", $"{produced.TotalSeconds:0.00} s")
            .Row("all offsets committed after", $"{elapsed.TotalSeconds:0.00} s")
            .Row("sustained throughput", $"{events / elapsed.TotalSeconds:0} events/s")
            .Row("journal events / event", $"{(double)writes / events:0.000} (journal rows incl. fire + deliveries)")
            .Row(
                "target (issue 11): ≥ 20,000 events/s and ≤ 0.1 journal rows / event",
                $"{(events / elapsed.TotalSeconds >= 20_000 ? "throughput met" : "throughput NOT met")}, {((double)writes / events <= 0.1 ? "rows met" : "rows NOT met")}{(keys < 1_000 ? $" (measured at K = {keys}; the target is for K = 1,000)" : "")}"
            )
            .Row("node peak RSS", $"{peakRss:0} MiB")
            .Check("every offset committed", committed >= events, $"{committed} of {events}")
            .Check(
                "key-0 counted every occurrence",
                sample["occurrences"]!.GetValue<int>() == expected,
                $"{sample["occurrences"]} of {expected}"
            );
    }

    private static long CountJournalRows(string dataDir)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "alertactors.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id LIKE 'alert-%'";
        return (long)command.ExecuteScalar()!;
    }
}
