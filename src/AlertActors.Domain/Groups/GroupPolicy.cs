using System.Collections.Immutable;

namespace AlertActors.Domain.Groups;

/// <summary>
/// How a rule's alerts are grouped into notifications (<c>group { by, wait, interval }</c> in
/// <c>alertactors.defaults</c> or a rule; README "Grouping"), as Alertmanager's route <c>group_by</c>,
/// <c>group_wait</c> and <c>group_interval</c>.
/// </summary>
/// <param name="By">
/// What an alert's group is keyed by, in order: event fields (<see cref="Rules.EventFields.Names"/>), <c>data.*</c>
/// paths, or Alertmanager label names (a bare name that is not an event field reads <c>data.labels.&lt;name&gt;</c>;
/// <c>alertname</c> is the event type). <see cref="EachAlert"/> alone (the default) means no grouping: every alert
/// notifies for itself.
/// </param>
/// <param name="Wait">How long a new group collects alerts before its first notification.</param>
/// <param name="Interval">The shortest time between two notifications of a group about changed membership.</param>
public sealed record GroupPolicy(ImmutableArray<string> By, TimeSpan Wait, TimeSpan Interval)
{
    /// <summary>The <c>by</c> value that means "each alert its own notification" (Alertmanager's <c>...</c>).</summary>
    public const string EachAlert = "...";

    /// <summary>No grouping: today's behaviour, one notification per alert.</summary>
    public static readonly GroupPolicy Ungrouped = new([EachAlert], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    /// <summary>True when alerts of the rule are grouped (<see cref="By"/> is not <see cref="EachAlert"/>).</summary>
    public bool IsGrouped => !(By.Length == 1 && By[0] == EachAlert);

    /// <summary>Value equality over <see cref="By"/>'s items (ImmutableArray compares by reference).</summary>
    public bool Equals(GroupPolicy? other) =>
        other is not null && By.SequenceEqual(other.By) && Wait == other.Wait && Interval == other.Interval;

    public override int GetHashCode() => HashCode.Combine(string.Join("\n", By), Wait, Interval);
}
