using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Silences;

/// <summary>Events the silence registry persists. Each carries its own time, so replay is deterministic.</summary>
public interface ISilenceJournalEvent : IAlertMessage;

public static class SilenceJournalEvents
{
    public sealed record SilenceCreated(Silence Silence) : ISilenceJournalEvent;

    /// <summary>The silence was ended early at <paramref name="At"/> (DELETE /api/v1/silences/{id}).</summary>
    public sealed record SilenceExpired(string Id, DateTimeOffset At) : ISilenceJournalEvent;
}
