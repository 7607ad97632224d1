namespace AlertActors.Actors.Alerts;

/// <summary>
/// Published on the event stream when an alert entity has recovered a stored state from the journal (the first
/// message after a restart, a crash, a shard move or passivation, or a wake by the due-alert scheduler) and has
/// re-armed its timers from it: <paramref name="TimersArmed"/> when at least one alert timer (auto-resolve, repeat,
/// owed notification) is now scheduled or was overdue and fired at once. Not published for a new alert (nothing
/// stored).
/// </summary>
public sealed record AlertRecovered(string DedupKey, bool TimersArmed);
