using AlertActors.Domain.Alerts;

namespace AlertActors.Projection;

/// <summary>One alert as the read model holds it: its state as of journal sequence number
/// <see cref="SequenceNr"/>.</summary>
public sealed record AlertListRow(string DedupKey, long SequenceNr, AlertState State);
