namespace AlertActors.Actors.Alerts;

/// <summary>
/// Published on the event stream after each journal write of an alert: how many events it held and how
/// many commands it covered (more than one when a hot key's commands were coalesced).
/// </summary>
public sealed record AlertWriteCompleted(string DedupKey, int Events, int Commands);
