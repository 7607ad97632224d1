using AlertActors.Ingest;

namespace AlertActors.Actors.Tests;

/// <summary>Consumer lag from librdkafka statistics, as the <c>alertactors_kafka_lag</c> gauge reports it.</summary>
public sealed class KafkaLagTests
{
    [Theory]
    [InlineData(100, 0, 90, 80, 10)] // the stored position (ahead of the commit) counts
    [InlineData(100, 0, -1001, 95, 5)] // nothing stored since the assignment: the group's commit
    [InlineData(100, 40, -1001, -1001, 60)] // neither: the consumer starts at the low watermark
    [InlineData(100, 0, 100, 100, 0)] // caught up
    [InlineData(100, 0, 120, -1001, 0)] // a stale watermark never makes the lag negative
    [InlineData(0, 0, -1001, -1001, 0)] // an empty partition
    public void Lag_is_the_high_watermark_minus_the_furthest_known_position(
        long high,
        long low,
        long stored,
        long committed,
        long expected
    ) => Assert.Equal(expected, KafkaLag.Compute(high, low, stored, committed));

    [Fact]
    public void Lag_is_unknown_until_the_high_watermark_is()
    {
        Assert.Null(KafkaLag.Compute(-1, 0, 5, 5));
        Assert.Null(KafkaLag.Compute(10, -1, -1001, -1001));
    }

    [Fact]
    public void Statistics_yield_one_lag_per_known_partition_in_order_without_the_internal_one()
    {
        var lags = KafkaLag.FromStatistics(Statistics);

        Assert.Equal(
            [
                new KafkaPartitionLag("infra-events", 0, 7),
                new KafkaPartitionLag("infra-events", 1, 0),
                new KafkaPartitionLag("other", 0, 3),
            ],
            lags
        );
    }

    [Fact]
    public void Only_the_partitions_the_filter_accepts_are_reported()
    {
        var lags = KafkaLag.FromStatistics(Statistics, (topic, partition) => topic == "infra-events" && partition == 1);

        Assert.Equal([new KafkaPartitionLag("infra-events", 1, 0)], lags);
    }

    [Fact]
    public void Statistics_without_topics_yield_nothing() =>
        Assert.Empty(KafkaLag.FromStatistics("""{"name":"rdkafka#consumer-1","type":"consumer","brokers":{}}"""));

    // Trimmed from a real librdkafka statistics document (consumer_lag fields left in: they are not used).
    private const string Statistics = """
        {
          "name": "rdkafka#consumer-1", "type": "consumer", "ts": 123456789,
          "topics": {
            "other": {
              "topic": "other",
              "partitions": {
                "0": { "partition": 0, "lo_offset": 0, "hi_offset": 3, "stored_offset": -1001, "committed_offset": -1001, "consumer_lag": -1 }
              }
            },
            "infra-events": {
              "topic": "infra-events",
              "partitions": {
                "1": { "partition": 1, "lo_offset": 0, "hi_offset": 12, "stored_offset": 12, "committed_offset": 10, "consumer_lag": 0 },
                "0": { "partition": 0, "lo_offset": 0, "hi_offset": 20, "stored_offset": 13, "committed_offset": 11, "consumer_lag": 7 },
                "2": { "partition": 2, "lo_offset": -1, "hi_offset": -1, "stored_offset": -1001, "committed_offset": -1001, "consumer_lag": -1 },
                "-1": { "partition": -1, "lo_offset": -1, "hi_offset": -1, "stored_offset": -1001, "committed_offset": -1001 }
              }
            }
          }
        }
        """;
}
