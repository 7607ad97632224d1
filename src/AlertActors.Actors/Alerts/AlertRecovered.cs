namespace AlertActors.Actors.Alerts;

/// <summary>
/// Published on the event stream when an alert entity has recovered a stored state from the journal (a restart,
/// remember-entities after a crash or shard move, or the first message after passivation) and has re-armed its
/// timers from it: <paramref name="TimersArmed"/> when at least one alert timer (auto-resolve, repeat, owed
/// notification) is now scheduled or was overdue and fired at once. Not published for a new alert (nothing stored).
/// </summary>
public sealed record AlertRecovered(string DedupKey, bool TimersArmed);
