using AlertActors.Ingest;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlertActors.Hosting.Health;

/// <summary>Ready while this node's Kafka consumer holds at least one partition (give the topic at least as many
/// partitions as nodes).</summary>
public sealed class KafkaPartitionsAssignedCheck(KafkaIngestService ingest) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    ) =>
        Task.FromResult(
            ingest.Assigned
                ? HealthCheckResult.Healthy("partitions assigned")
                : new HealthCheckResult(context.Registration.FailureStatus, "no Kafka partition assigned to this node")
        );
}
