using System.Reflection;
using System.Runtime.InteropServices;
using AlertActors.Host.Kafka;
using Confluent.Kafka;

namespace AlertActors.Bench;

/// <summary>
/// Shortens the consumer-group session of the embedded broker (librdkafka's mock cluster), so the partitions of a
/// consumer killed with SIGKILL go to the survivors within seconds instead of the mock's default session timeout
/// (the broker-side <c>group.consumer.session.timeout.ms</c> of the KIP-848 protocol, 45 s). The same kind of
/// shortening as the tests' Akka failure detector; Confluent.Kafka has no API for it, so this calls librdkafka's
/// mock API on the broker's own handle.
/// </summary>
public static class KafkaGroupTuning
{
    private const string Library = "librdkafka";

    static KafkaGroupTuning() =>
        NativeLibrary.SetDllImportResolver(
            typeof(KafkaGroupTuning).Assembly,
            (name, _, _) => name == Library ? Loaded() : IntPtr.Zero
        );

    public static void Shorten(EmbeddedKafkaBroker broker, TimeSpan sessionTimeout, TimeSpan heartbeatInterval)
    {
        // EmbeddedKafkaBroker keeps the admin client that hosts the mock cluster private; Confluent.Kafka keeps the
        // librdkafka handle internal.
        var admin =
            (IAdminClient?)
                typeof(EmbeddedKafkaBroker)
                    .GetField("_admin", BindingFlags.NonPublic | BindingFlags.Instance)
                    ?.GetValue(broker)
            ?? throw new InvalidOperationException(
                "EmbeddedKafkaBroker has no _admin field any more; update KafkaGroupTuning"
            );
        var safeHandle =
            (SafeHandle?)
                typeof(Handle)
                    .GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Instance)
                    ?.GetValue(admin.Handle)
            ?? throw new InvalidOperationException(
                "Confluent.Kafka's Handle has no LibrdkafkaHandle any more; update KafkaGroupTuning"
            );
        var cluster = rd_kafka_handle_mock_cluster(safeHandle.DangerousGetHandle());
        if (cluster == IntPtr.Zero)
            throw new InvalidOperationException("the embedded broker's client has no mock cluster");
        rd_kafka_mock_set_group_consumer_session_timeout_ms(cluster, (int)sessionTimeout.TotalMilliseconds);
        rd_kafka_mock_set_group_consumer_heartbeat_interval_ms(cluster, (int)heartbeatInterval.TotalMilliseconds);
    }

    /// <summary>
    /// The librdkafka build Confluent.Kafka loaded (it picks one of several Linux variants; the generic one needs
    /// libsasl2, which not every machine has): the file mapped into this process. Loading it again returns the same
    /// library.
    /// </summary>
    private static IntPtr Loaded()
    {
        var mapped = File.Exists("/proc/self/maps")
            ? File.ReadLines("/proc/self/maps")
                .Select(l => l[(l.IndexOf('/') is var i and >= 0 ? i : l.Length)..])
                .FirstOrDefault(path => path.EndsWith("librdkafka.so", StringComparison.Ordinal))
            : null;
        return mapped is not null && NativeLibrary.TryLoad(mapped, out var handle) ? handle : IntPtr.Zero;
    }

    [DllImport(Library)]
    private static extern IntPtr rd_kafka_handle_mock_cluster(IntPtr rk);

    [DllImport(Library)]
    private static extern void rd_kafka_mock_set_group_consumer_session_timeout_ms(IntPtr mcluster, int ms);

    [DllImport(Library)]
    private static extern void rd_kafka_mock_set_group_consumer_heartbeat_interval_ms(IntPtr mcluster, int ms);
}
