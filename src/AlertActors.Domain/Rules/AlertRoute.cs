using System.Collections.Immutable;

namespace AlertActors.Domain.Rules;

/// <summary>
/// Where a rule's notifications go, over the provider defaults (a rule's <c>route</c>). Null or empty
/// means "use the provider's configured default".
/// </summary>
public sealed record AlertRoute(
    string? PagerDutyRoutingKey,
    ImmutableArray<string> OpsGenieResponders,
    ImmutableArray<string> OpsGenieTags
)
{
    public static readonly AlertRoute Default = new(null, [], []);

    /// <summary>
    /// The named time intervals (<c>route.mute-during</c>, Alertmanager's <c>mute_time_intervals</c>) during which the
    /// rule's trigger notifications are held back, as a silence holds them, and sent when the window ends if the alert
    /// still fires unacknowledged (README "Time windows"). Empty: never muted.
    /// </summary>
    public ImmutableArray<string> MuteDuring { get; init; } = [];

    public override string ToString() =>
        $"AlertRoute {{ PagerDutyRoutingKey = {(PagerDutyRoutingKey is null ? "(default)" : "***")}, OpsGenieResponders = [{string.Join(", ", OpsGenieResponders)}], OpsGenieTags = [{string.Join(", ", OpsGenieTags)}], MuteDuring = [{string.Join(", ", MuteDuring)}] }}";
}
