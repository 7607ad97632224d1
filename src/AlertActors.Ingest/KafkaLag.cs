using System.Text.Json;

namespace AlertActors.Ingest;

/// <summary>How far this node's consumer is behind on one partition: messages up to the high watermark not yet dealt
/// with.</summary>
public readonly record struct KafkaPartitionLag(string Topic, int Partition, long Lag);

/// <summary>
/// Consumer lag from librdkafka's statistics (<c>statistics.interval.ms</c>): per partition, the high watermark minus
/// the position this node has stored (every message before it fully dealt with) or, if higher, the group's committed
/// offset. Before anything is stored or committed the consumer starts at the low watermark (auto.offset.reset =
/// earliest), so that counts as the position. Partitions whose high watermark is not known yet are left out.
/// </summary>
public static class KafkaLag
{
    /// <summary>The lag of every partition in <paramref name="statisticsJson"/> that <paramref name="include"/>
    /// accepts.</summary>
    public static IReadOnlyList<KafkaPartitionLag> FromStatistics(
        string statisticsJson,
        Func<string, int, bool>? include = null
    )
    {
        var lags = new List<KafkaPartitionLag>();
        using var document = JsonDocument.Parse(statisticsJson);
        if (!document.RootElement.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Object)
            return lags;
        foreach (var topic in topics.EnumerateObject())
        {
            if (
                !topic.Value.TryGetProperty("partitions", out var partitions)
                || partitions.ValueKind != JsonValueKind.Object
            )
                continue;
            foreach (var entry in partitions.EnumerateObject())
            {
                // "-1" is librdkafka's internal unassigned partition.
                if (!int.TryParse(entry.Name, out var partition) || partition < 0)
                    continue;
                if (include is not null && !include(topic.Name, partition))
                    continue;
                var p = entry.Value;
                if (
                    Compute(
                        Offset(p, "hi_offset"),
                        Offset(p, "lo_offset"),
                        Offset(p, "stored_offset"),
                        Offset(p, "committed_offset")
                    ) is
                    { } lag
                )
                    lags.Add(new KafkaPartitionLag(topic.Name, partition, lag));
            }
        }
        lags.Sort((a, b) => (a.Topic, a.Partition).CompareTo((b.Topic, b.Partition)));
        return lags;
    }

    /// <summary>
    /// High watermark minus the larger of the stored and committed offsets (the low watermark when neither is known);
    /// null when the high watermark is unknown. Never negative. Negative offsets are librdkafka's "unknown".
    /// </summary>
    public static long? Compute(long highWatermark, long lowWatermark, long storedOffset, long committedOffset)
    {
        if (highWatermark < 0)
            return null;
        var position = Math.Max(storedOffset, committedOffset);
        if (position < 0)
            position = lowWatermark;
        if (position < 0)
            return null;
        return Math.Max(0, highWatermark - position);
    }

    private static long Offset(JsonElement partition, string name) =>
        partition.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number
        && value.TryGetInt64(out var offset)
            ? offset
            : -1;
}
