using AlertActors.Domain.Alerts;
using AlertActors.Domain.Rules;

namespace AlertActors.Domain.TimeIntervals;

/// <summary>Which time interval mutes an alert's notifications now (its rule's <c>route.mute-during</c>), as this node
/// is configured (a read-only view; never blocks).</summary>
public interface ITimeMutes
{
    /// <summary>The mute on <paramref name="alert"/>'s trigger notification at <paramref name="now"/> (the interval and
    /// the window's end), or null when none holds it.</summary>
    TimeMute? MutedAt(AlertState alert, DateTimeOffset now);
}

/// <summary>No route mutes anything (tests, and configurations without <c>mute-during</c>).</summary>
public sealed class NoTimeMutes : ITimeMutes
{
    public static readonly NoTimeMutes Instance = new();

    private NoTimeMutes() { }

    public TimeMute? MutedAt(AlertState alert, DateTimeOffset now) => null;
}

/// <summary>
/// The mutes of the rule set in force (<paramref name="rules"/>: the configuration's rules and those stored through the
/// API): the <c>mute-during</c> of the alert's rule's route as configured now (as a delivery is routed by the route as
/// configured now), over the rule set's named intervals.
/// </summary>
public sealed class RouteTimeMutes(IRuleSetSource rules) : ITimeMutes
{
    public TimeMute? MutedAt(AlertState alert, DateTimeOffset now)
    {
        var current = rules.Current;
        return current.RouteOf(alert.Rule).MuteDuring is { IsEmpty: false } names
            ? current.Intervals.MuteAt(names, now)
            : null;
    }
}
