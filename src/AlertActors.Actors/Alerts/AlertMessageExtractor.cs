using Akka.Cluster.Sharding;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Alerts;

/// <summary>Routes every <see cref="IWithDedupKey"/> message to the entity of its dedup key.</summary>
public sealed class AlertMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    public const int ShardCount = 100;

    public override string? EntityId(object message) => (message as IWithDedupKey)?.DedupKey;
}
