using System.Collections.Frozen;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.ApiRules;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Inhibition;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Serialization;

/// <summary>
/// The stable, short manifest of every <see cref="IAlertMessage"/> type: what the journal's <c>manifest</c> column, the
/// snapshot store and the cluster wire carry to name a payload's type. A manifest never changes once written, so a
/// type can be renamed or moved freely; a new type gets a new manifest here (a test fails for a type without one).
/// Journals written before these manifests existed named the CLR type
/// (<c>AlertActors.Domain.Alerts.AlertEvents+Fired</c>):
/// <see cref="TypeOf"/> still reads those names for the types that existed then.
/// </summary>
public static class AlertManifests
{
    /// <summary>Type → manifest. Journaled types first (a public format), then messages that only cross the
    /// wire.</summary>
    private static readonly FrozenDictionary<Type, string> Manifests = new Dictionary<Type, string>
    {
        // Journal events and snapshots of the alert entity.
        [typeof(AlertJournalEvents.Batch)] = "alert.batch",
        [typeof(AlertJournalEvents.Checkpoint)] = "alert.checkpoint",
        [typeof(AlertJournalEvents.OccurrenceRecorded)] = "alert.occurrence-recorded",
        [typeof(AlertJournalEvents.OccurrencesRecorded)] = "alert.occurrences-recorded",
        [typeof(AlertJournalEvents.Fired)] = "alert.fired",
        [typeof(AlertJournalEvents.Acknowledged)] = "alert.acknowledged",
        [typeof(AlertJournalEvents.Resolved)] = "alert.resolved",
        [typeof(AlertJournalEvents.Notified)] = "alert.notified",
        [typeof(AlertJournalEvents.NotificationSuppressed)] = "alert.notification-suppressed",
        [typeof(AlertJournalEvents.NotificationSilenced)] = "alert.notification-silenced",
        [typeof(AlertJournalEvents.DeliveryScheduled)] = "alert.delivery-scheduled",
        [typeof(AlertJournalEvents.DeliveryAttemptFailed)] = "alert.delivery-attempt-failed",
        [typeof(AlertJournalEvents.DeliveryRequeued)] = "alert.delivery-requeued",
        [typeof(AlertJournalEvents.DeliveryCompleted)] = "alert.delivery-completed",
        [typeof(AlertJournalEvents.NotificationInhibited)] = "alert.notification-inhibited",
        [typeof(AlertJournalEvents.NotificationMuted)] = "alert.notification-muted",
        [typeof(AlertJournalEvents.Escalated)] = "alert.escalated",
        [typeof(AlertJournalEvents.EscalationSilenced)] = "alert.escalation-silenced",
        [typeof(AlertJournalEvents.EscalationMuted)] = "alert.escalation-muted",
        [typeof(AlertJournalEvents.RemediationStarted)] = "alert.remediation-started",
        [typeof(AlertJournalEvents.RemediationAttempted)] = "alert.remediation-attempted",
        [typeof(AlertJournalEvents.RemediationFailed)] = "alert.remediation-failed",
        [typeof(AlertJournalEvents.RemediationCancelled)] = "alert.remediation-cancelled",
        [typeof(AlertState)] = "alert.state",
        [typeof(TracedJournalEvent)] = "alert.traced",

        // Journal events of the group entity.
        [typeof(GroupJournalEvents.MemberJoined)] = "group.member-joined",
        [typeof(GroupJournalEvents.MemberLeft)] = "group.member-left",
        [typeof(GroupJournalEvents.Notified)] = "group.notified",
        [typeof(GroupJournalEvents.Acknowledged)] = "group.acknowledged",
        [typeof(GroupJournalEvents.Resolved)] = "group.resolved",
        [typeof(GroupJournalEvents.DeliveryScheduled)] = "group.delivery-scheduled",
        [typeof(GroupJournalEvents.DeliveryAttemptFailed)] = "group.delivery-attempt-failed",
        [typeof(GroupJournalEvents.DeliveryRequeued)] = "group.delivery-requeued",
        [typeof(GroupJournalEvents.DeliveryCompleted)] = "group.delivery-completed",
        [typeof(GroupState)] = "group.state",

        // Journal events and snapshots of the silence registry.
        [typeof(SilenceJournalEvents.SilenceCreated)] = "silence.created",
        [typeof(SilenceJournalEvents.SilenceExpired)] = "silence.expired",
        [typeof(SilenceSet)] = "silence.set",
        [typeof(Silence)] = "silence",

        // Journal events and snapshots of the rule registry (rules stored through the API).
        [typeof(ApiRuleJournalEvents.RuleStored)] = "rule.stored",
        [typeof(ApiRuleJournalEvents.RuleDeleted)] = "rule.deleted",
        [typeof(ApiRuleSet)] = "rule.set",

        // Commands and replies between nodes.
        // The ingest's envelopes kept the manifests (and JSON) the occurrence commands had when they carried trace
        // context.
        [typeof(OccurrenceEnvelope)] = "alert.record-occurrence",
        [typeof(OccurrenceBatchEnvelope)] = "alert.record-occurrences",
        [typeof(AlertCommands.RecordOccurrence)] = "alert.occurrence-command",
        [typeof(AlertCommands.Acknowledge)] = "alert.acknowledge",
        [typeof(AlertCommands.Resolve)] = "alert.resolve",
        [typeof(AlertCommands.RequeueDelivery)] = "alert.retry-delivery",
        [typeof(AlertCommands.GetAlert)] = "alert.get",
        [typeof(AlertCommands.Wake)] = "alert.wake",
        [typeof(AlertReplies.OccurrenceAccepted)] = "alert.occurrence-accepted",
        [typeof(AlertReplies.AlertView)] = "alert.view",
        [typeof(AlertReplies.Rejected)] = "alert.rejected",
        [typeof(GroupCommands.Join)] = "group.join",
        [typeof(GroupCommands.Leave)] = "group.leave",
        [typeof(GroupCommands.Acknowledge)] = "group.acknowledge",
        [typeof(GroupCommands.RequeueDelivery)] = "group.retry-delivery",
        [typeof(GroupCommands.GetGroup)] = "group.get",
        [typeof(GroupReplies.MembershipRecorded)] = "group.membership-recorded",
        [typeof(GroupReplies.GroupView)] = "group.view",
        [typeof(GroupReplies.Rejected)] = "group.rejected",
        [typeof(SilenceCommands.CreateSilence)] = "silence.create",
        [typeof(SilenceCommands.ExpireSilence)] = "silence.expire",
        [typeof(SilenceCommands.GetSilences)] = "silence.get",
        [typeof(SilenceReplies.Created)] = "silence.reply.created",
        [typeof(SilenceReplies.Expired)] = "silence.reply.expired",
        [typeof(SilenceReplies.NotFound)] = "silence.reply.not-found",
        [typeof(SilenceReplies.Rejected)] = "silence.reply.rejected",
        [typeof(ApiRuleCommands.StoreRule)] = "rule.store",
        [typeof(ApiRuleCommands.DeleteRule)] = "rule.delete",
        [typeof(ApiRuleCommands.GetApiRules)] = "rule.get",
        [typeof(ApiRuleReplies.Stored)] = "rule.reply.stored",
        [typeof(ApiRuleReplies.Deleted)] = "rule.reply.deleted",
        [typeof(ApiRuleReplies.NotFound)] = "rule.reply.not-found",
        [typeof(ApiRuleReplies.Rejected)] = "rule.reply.rejected",
        [typeof(InhibitionCommands.RegisterSource)] = "inhibition.register-source",
        [typeof(InhibitionCommands.GetInhibitionSources)] = "inhibition.get",
        [typeof(InhibitionSources)] = "inhibition.sources",
    }.ToFrozenDictionary();

    /// <summary>Manifest → type, plus the CLR full names that journals written before these manifests carry.</summary>
    private static readonly FrozenDictionary<string, Type> Types = Manifests
        .Select(pair => KeyValuePair.Create(pair.Value, pair.Key))
        .Concat(Manifests.Keys.Select(type => KeyValuePair.Create(LegacyClrName(type), type)))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The CLR name a journal written before these manifests carries for <paramref name="type"/>: its full name as it
    /// was then (the journal event containers were <c>AlertEvents</c> and <c>SilenceEvents</c>, <c>RequeueDelivery</c>
    /// was
    /// <c>RetryDelivery</c>).
    /// </summary>
    private static string LegacyClrName(Type type) =>
        type.FullName!.Replace(".AlertJournalEvents+", ".AlertEvents+", StringComparison.Ordinal)
            .Replace(".SilenceJournalEvents+", ".SilenceEvents+", StringComparison.Ordinal)
            .Replace("+RequeueDelivery", "+RetryDelivery", StringComparison.Ordinal);

    /// <summary>Every type that has a manifest.</summary>
    public static IEnumerable<Type> KnownTypes => Manifests.Keys;

    /// <summary>The manifest of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">The type has no manifest (add one above).</exception>
    public static string Of(Type type) =>
        Manifests.TryGetValue(type, out var manifest)
            ? manifest
            : throw new ArgumentException(
                $"{type.FullName} has no stable manifest; add one to {nameof(AlertManifests)}",
                nameof(type)
            );

    /// <summary>The type a manifest (or a legacy CLR type name) names, or null when it names none.</summary>
    public static Type? TypeOf(string manifest) => Types.GetValueOrDefault(manifest);
}
