namespace AlertActors.Hosting.Health;

/// <summary>
/// Names and tags of the node's health checks (ASP.NET Core health checks, most registered through Akka.Hosting).
/// <c>/healthz</c> runs the
/// <see cref="Liveness"/> ones, <c>/readyz</c> the <see cref="Readiness"/> ones and shows each by its name, in
/// <see cref="ReadinessOrder"/>.
/// </summary>
public static class HealthChecks
{
    public const string Liveness = "liveness";
    public const string Readiness = "readiness";

    public const string ActorSystem = "actor_system";
    public const string ClusterMemberUp = "cluster_member_up";
    public const string ClusterMajorityReachable = "cluster_majority_reachable";
    public const string ShardRegionRegistered = "shard_region_registered";
    public const string JournalReachable = "journal_reachable";
    public const string KafkaPartitionsAssigned = "kafka_partitions_assigned";

    /// <summary>How long one readiness check may take before it counts as failed (a probe's own timeout is 3 s in
    /// deploy/k8s).</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    public static readonly IReadOnlyList<string> ReadinessOrder =
    [
        ClusterMemberUp,
        ClusterMajorityReachable,
        ShardRegionRegistered,
        JournalReachable,
        KafkaPartitionsAssigned,
    ];
}
