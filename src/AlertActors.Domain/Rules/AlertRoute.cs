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

    public override string ToString() =>
        $"AlertRoute {{ PagerDutyRoutingKey = {(PagerDutyRoutingKey is null ? "(default)" : "***")}, OpsGenieResponders = [{string.Join(", ", OpsGenieResponders)}], OpsGenieTags = [{string.Join(", ", OpsGenieTags)}] }}";
}
