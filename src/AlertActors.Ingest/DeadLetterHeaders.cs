namespace AlertActors.Ingest;

/// <summary>Headers on every message in the dead-letter topic, naming why and where it came from.</summary>
public static class DeadLetterHeaders
{
    public const string Reason = "dlq-reason";
    public const string SourceTopic = "dlq-source-topic";
    public const string SourcePartition = "dlq-source-partition";
    public const string SourceOffset = "dlq-source-offset";
}
