using Akka.Cluster.Sharding;
using AlertActors.Domain.Groups;

namespace AlertActors.Actors.Groups;

/// <summary>Routes every <see cref="IGroupCommand"/> to the entity of its group key.</summary>
public sealed class GroupMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    public const int ShardCount = 20;

    public override string? EntityId(object message) => (message as IGroupCommand)?.GroupKey;
}
