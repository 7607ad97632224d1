namespace AlertActors.Ingest;

/// <summary>Where the node's Kafka consumer connects: the configured cluster or the embedded broker.</summary>
public sealed record KafkaEndpoint(string BootstrapServers, bool Embedded);
