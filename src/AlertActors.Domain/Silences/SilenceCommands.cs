using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Silences;

/// <summary>Messages to the silence registry (a cluster singleton, so they may cross the wire).</summary>
public interface ISilenceCommand : IAlertMessage;

public static class SilenceCommands
{
    /// <summary>Store an already validated silence. Replies <see cref="SilenceReplies.Created"/> or
    /// <see cref="SilenceReplies.Rejected"/>.</summary>
    public sealed record CreateSilence(Silence Silence) : ISilenceCommand;

    /// <summary>End a silence now. Replies <see cref="SilenceReplies.Expired"/> or
    /// <see cref="SilenceReplies.NotFound"/>.</summary>
    public sealed record ExpireSilence(string Id) : ISilenceCommand;

    /// <summary>Replies with the registry's whole <see cref="SilenceSet"/>.</summary>
    public sealed record GetSilences : ISilenceCommand
    {
        public static readonly GetSilences Instance = new();
    }
}

public static class SilenceReplies
{
    public sealed record Created(Silence Silence) : IAlertMessage;

    public sealed record Expired(Silence Silence) : IAlertMessage;

    public sealed record NotFound(string Id) : IAlertMessage;

    public sealed record Rejected(string Reason) : IAlertMessage;
}
