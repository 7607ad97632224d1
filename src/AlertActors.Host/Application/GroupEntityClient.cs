using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Groups;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Groups;
using AlertActors.Host.Api;
using AlertActors.Hosting;
using AlertActors.Projection;

namespace AlertActors.Host.Application;

/// <summary>What a group entity answered (<see cref="GroupEntityClient"/>): the group, a refusal, or no answer in
/// time (null state and null refusal).</summary>
public sealed record GroupAnswer(GroupState? State, GroupReplies.Rejected? Refusal)
{
    public bool NotAnswered => State is null && Refusal is null;
}

/// <summary>Sends commands to group entities (README "Grouping") through the shard region, on behalf of an API caller
/// or a provider webhook, and lists the groups that have open members.</summary>
public sealed class GroupEntityClient(IRequiredActor<GroupRegion> region, AlertReadStore alerts)
{
    /// <summary>How many open alerts the list reads at most to find the groups they belong to.</summary>
    public const int MaxAlertsScanned = 10_000;

    /// <summary>
    /// Sends <paramref name="command"/>; with a tenant-scoped <paramref name="caller"/>, a group with a member of
    /// another tenant answers "not found" exactly as a missing one does, and a change is sent only after that check.
    /// </summary>
    public async Task<GroupAnswer> AskAsync(IGroupCommand command, ApiCaller? caller, CancellationToken ct)
    {
        var shards = await region.GetAsync(ct);
        try
        {
            if (caller is { IsScoped: true } && command is not GroupCommands.GetGroup)
            {
                var current = await AskAsync(new GroupCommands.GetGroup(command.GroupKey), caller, ct);
                if (current.State is null)
                    return current;
            }
            var answer = await shards.Ask<object>(command, AlertActorsAkka.AskTimeout, ct) switch
            {
                GroupReplies.GroupView view => new GroupAnswer(view.State, null),
                GroupReplies.Rejected rejected => new GroupAnswer(null, rejected),
                var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name}"),
            };
            return
                answer.State is { } state
                && caller is not null
                && !state.Members.Values.All(m => caller.Allows(m.Tenant))
                ? new GroupAnswer(
                    null,
                    new(command.GroupKey, RejectionReason.NotFound, $"no group with key {command.GroupKey}")
                )
                : answer;
        }
        catch (AskTimeoutException)
        {
            return new GroupAnswer(null, null);
        }
    }

    /// <summary>The groups that open (firing or acknowledged) alerts of the alert list belong to (at most
    /// <see cref="MaxAlertsScanned"/> alerts read), each as its entity answers, by group key.</summary>
    public async Task<IReadOnlyList<GroupState>> ListOpenAsync(ApiCaller? caller, CancellationToken ct)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var status in new[] { AlertStatus.Firing, AlertStatus.Acknowledged })
        {
            for (var offset = 0; offset < MaxAlertsScanned; offset += 500)
            {
                var page = await alerts.ListAsync(status, null, TenantScope.TenantsOf(caller), offset, 500, ct);
                foreach (var alert in page.Alerts)
                {
                    if (alert.GroupKey is { } key)
                        keys.Add(key);
                }
                if (offset + 500 >= page.Total)
                    break;
            }
        }
        var groups = new List<GroupState>();
        foreach (var key in keys)
        {
            if ((await AskAsync(new GroupCommands.GetGroup(key), caller, ct)).State is { } state)
                groups.Add(state);
        }
        return groups;
    }
}
