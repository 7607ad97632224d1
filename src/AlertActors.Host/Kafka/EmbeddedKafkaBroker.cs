using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace AlertActors.Host.Kafka;

/// <summary>
/// A Kafka-protocol broker inside the process: librdkafka's mock cluster, which listens on loopback TCP,
/// so kcat or any Kafka client can produce to it. It lives as long as this object; its data is in memory.
/// </summary>
public sealed partial class EmbeddedKafkaBroker : IDisposable
{
    /// <summary>Partitions of every topic on the embedded broker (librdkafka's mock default).</summary>
    public const int Partitions = 4;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly IAdminClient _admin;

    private EmbeddedKafkaBroker(IAdminClient admin, string bootstrapServers)
    {
        _admin = admin;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    /// <summary>Starts the broker and creates the given topics on it.</summary>
    public static EmbeddedKafkaBroker Start(IEnumerable<string> topics, ILogger logger)
    {
        var address = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var config = new AdminClientConfig { BootstrapServers = "embedded:9092" };
        config.Set("test.mock.num.brokers", "1");
        var admin = new AdminClientBuilder(config)
            .SetLogHandler(
                (_, message) =>
                {
                    if (MockClusterLine().Match(message.Message) is { Success: true } match)
                        address.TrySetResult(match.Groups[1].Value);
                }
            )
            .Build();
        try
        {
            if (!address.Task.Wait(StartTimeout))
                throw new InvalidOperationException("the embedded Kafka broker did not report its address within 15 s");
            var broker = new EmbeddedKafkaBroker(admin, address.Task.Result);
            broker.CreateTopics(topics);
            logger.LogInformation(
                "Embedded Kafka broker listening on {BootstrapServers} (in memory; set KAFKA_BOOTSTRAP_SERVERS to use a real cluster)",
                broker.BootstrapServers
            );
            return broker;
        }
        catch
        {
            admin.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The mock cluster refuses CreateTopics (it has no controller) but creates a topic, with
    /// <see cref="Partitions"/> partitions, the first time its metadata is asked for.
    /// </summary>
    private void CreateTopics(IEnumerable<string> topics)
    {
        foreach (var topic in topics)
        {
            var metadata = _admin.GetMetadata(topic, StartTimeout);
            if (metadata.Topics.Single().Error.IsError)
                throw new InvalidOperationException(
                    $"the embedded Kafka broker could not create topic {topic}: {metadata.Topics.Single().Error.Reason}"
                );
        }
    }

    public void Dispose() => _admin.Dispose();

    [GeneratedRegex(@"replaced with (\S+)")]
    private static partial Regex MockClusterLine();
}
