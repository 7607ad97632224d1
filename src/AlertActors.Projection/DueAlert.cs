namespace AlertActors.Projection;

/// <summary>An alert's next due time as the read model holds it (<c>alert_list.next_due_at</c>), for the due-alert
/// scheduler.</summary>
/// <param name="SequenceNr">The journal position of the row, so a wake can be told apart from one for a later
/// state.</param>
public sealed record DueAlert(string DedupKey, DateTimeOffset DueAt, long SequenceNr);
