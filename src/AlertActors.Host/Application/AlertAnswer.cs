using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;

namespace AlertActors.Host.Application;

/// <summary>What an alert entity answered to a command (<see cref="AlertEntityClient"/>).</summary>
public abstract record AlertAnswer
{
    /// <summary>The alert after the command (or as it is, for a read).</summary>
    public sealed record Found(AlertState State) : AlertAnswer;

    /// <summary>The alert refused the command: <see cref="RejectionReason.NotFound"/> for a key it does not know (or
    /// one of a tenant the caller may not see), else a state that cannot take it.</summary>
    public sealed record Refused(RejectionReason Reason, string Message) : AlertAnswer;

    /// <summary>A reply the node does not expect (a bug): its type name only.</summary>
    public sealed record Unexpected(string ReplyType) : AlertAnswer;

    /// <summary>The alert did not answer within the ask timeout; retrying is safe.</summary>
    public sealed record NotAnswered : AlertAnswer;

    internal static AlertAnswer Of(object reply) =>
        reply switch
        {
            AlertReplies.AlertView view => new Found(view.State),
            AlertReplies.Rejected rejected => new Refused(rejected.Reason, rejected.Message),
            _ => new Unexpected(reply.GetType().Name),
        };
}
