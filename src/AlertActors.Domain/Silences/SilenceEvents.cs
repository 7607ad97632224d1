using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Silences;

/// <summary>Events the silence registry persists. Each carries its own time, so replay is deterministic.</summary>
public interface ISilenceEvent : IAlertMessage;

public static class SilenceEvents
{
    public sealed record SilenceCreated(Silence Silence) : ISilenceEvent;

    /// <summary>The silence was ended early at <paramref name="At"/> (DELETE /api/v1/silences/{id}).</summary>
    public sealed record SilenceExpired(string Id, DateTimeOffset At) : ISilenceEvent;
}
