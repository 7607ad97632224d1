namespace AlertActors.Actors.Alerts;

/// <summary>
/// Published on the event stream after each journal write of an alert: how many domain events it held and how
/// many commands it covered (more than one when a hot key's commands were coalesced), and how long the write took
/// from persisting to its confirmation (zero when not measured).
/// </summary>
public sealed record AlertWriteCompleted(string DedupKey, int JournalEvents, int Commands, TimeSpan Duration = default);
