using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Serialization;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.ApiRules;
using AlertActors.Domain.Events;
using AlertActors.Domain.Inhibition;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Actors.Tests;

/// <summary>
/// Journaled events, snapshots and cluster messages are a public format: every type has a stable short manifest of
/// its own (not its CLR name), every one round-trips through the serializer, and the CLR names older journals carry
/// are still read.
/// </summary>
public sealed class AlertManifestsTests : IDisposable
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);
    private readonly ActorSystem _system = ActorSystem.Create("manifests");
    private readonly AlertJsonSerializer _serializer;

    public AlertManifestsTests() => _serializer = new AlertJsonSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    [Fact]
    public void Every_alert_message_type_has_a_manifest_of_its_own_that_is_not_its_clr_name()
    {
        var messageTypes = new[] { typeof(IAlertMessage).Assembly, typeof(AlertManifests).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(IAlertMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToHashSet();

        Assert.Empty(messageTypes.Except(AlertManifests.KnownTypes).Select(t => t.FullName));
        var manifests = AlertManifests.KnownTypes.Select(AlertManifests.Of).ToList();
        Assert.Equal(manifests.Count, manifests.Distinct(StringComparer.Ordinal).Count());
        Assert.All(manifests, m => Assert.DoesNotContain("AlertActors", m, StringComparison.Ordinal));
        Assert.All(manifests, m => Assert.True(m.Length <= 40, $"manifest {m} is long"));
    }

    [Fact]
    public void Every_message_type_round_trips_through_the_serializer_under_its_manifest()
    {
        var samples = Samples().ToList();
        Assert.Equal(
            AlertManifests.KnownTypes.OrderBy(t => t.FullName),
            samples.Select(s => s.GetType()).Distinct().OrderBy(t => t.FullName)
        );

        foreach (var sample in samples)
        {
            var manifest = _serializer.Manifest(sample);
            var bytes = _serializer.ToBinary(sample);
            var read = _serializer.FromBinary(bytes, manifest);
            Assert.IsType(sample.GetType(), read);
            Assert.Equal(Json(sample), Json(read));
        }
    }

    [Fact]
    public void A_batch_names_each_event_it_holds_by_manifest_and_applies_them_in_order()
    {
        var batch = new Batch([
            Occurrence("e1"),
            new Fired(T0, 1),
            new Notified(T0, "fired"),
            Scheduled(1, ProviderNames.PagerDuty),
        ]);

        var json = JsonDocument.Parse(_serializer.ToBinary(batch)).RootElement.GetProperty("Events");
        Assert.Equal(
            ["alert.occurrence-recorded", "alert.fired", "alert.notified", "alert.delivery-scheduled"],
            json.EnumerateArray().Select(e => e.GetProperty("type").GetString())
        );

        var read = (Batch)_serializer.FromBinary(_serializer.ToBinary(batch), "alert.batch");
        var state = AlertState.Empty("k").Apply(read);
        Assert.Equal((AlertStatus.Firing, 1L, 1), (state.Status, state.Occurrences, state.Deliveries.Count));
    }

    [Fact]
    public void Journals_written_before_the_manifests_name_types_by_their_clr_names_and_still_read()
    {
        var fired = new Fired(T0, 3);
        var legacy = _serializer.FromBinary(_serializer.ToBinary(fired), "AlertActors.Domain.Alerts.AlertEvents+Fired");
        Assert.Equal(fired, legacy);
        Assert.IsType<AlertState>(
            _serializer.FromBinary(_serializer.ToBinary(AlertState.Empty("k")), "AlertActors.Domain.Alerts.AlertState")
        );
        var expired = new SilenceJournalEvents.SilenceExpired("s1", T0);
        Assert.Equal(
            expired,
            _serializer.FromBinary(
                _serializer.ToBinary(expired),
                "AlertActors.Domain.Silences.SilenceEvents+SilenceExpired"
            )
        );
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() =>
            _serializer.FromBinary("{}"u8.ToArray(), "System.IO.FileInfo")
        );
    }

    /// <summary>One instance of every type that has a manifest.</summary>
    private static IEnumerable<object> Samples()
    {
        var occurrence = Occurrence("e1");
        yield return new Batch([occurrence, new Fired(T0, 1)]);
        yield return occurrence;
        yield return new OccurrencesRecorded([occurrence, Occurrence("e2")]);
        yield return new Fired(T0, 1);
        yield return new Acknowledged(T0, "alice", "on it", "pagerduty:e1", ProviderNames.PagerDuty);
        yield return new Resolved(T0, "bob", null, Origin: ProviderNames.OpsGenie);
        yield return new Notified(T0, "fired");
        yield return new NotificationSuppressed(T0, "throttled");
        yield return new NotificationSilenced(T0, "s1", T0.AddHours(1));
        yield return new NotificationInhibited(T0, "acme:site.down:a");
        yield return new NotificationMuted(T0, "business-hours", T0.AddHours(8));
        yield return new Escalated(
            T0,
            1,
            [new RoutingTarget(ProviderNames.PagerDuty, "rule:a/escalation-1#0a1b", Severity.Critical)]
        );
        yield return new EscalationSilenced(T0, 2, "s1", T0.AddHours(1));
        yield return new EscalationMuted(T0, 2, "night", T0.AddHours(8));
        yield return new InhibitionCommands.RegisterSource("acme:site.down:a", [new InhibitionKey(0, "acme", false)]);
        yield return InhibitionCommands.GetInhibitionSources.Instance;
        yield return InhibitionSources.Empty.With("acme:site.down:a", [new InhibitionKey(0, "acme", true)], 7);
        yield return Scheduled(1, ProviderNames.PagerDuty);
        yield return new DeliveryAttemptFailed(1, T0, "HTTP 503");
        yield return new DeliveryRequeued(1, T0, "carol");
        yield return new DeliveryCompleted(1, T0, DeliveryStatus.Delivered, "HTTP 202");
        var state = AlertState
            .Empty("k")
            .Apply(occurrence)
            .Apply(new Fired(T0, 1))
            .Apply(Scheduled(1, ProviderNames.OpsGenie))
            .Apply(new NotificationInhibited(T0, "acme:site.down:a"))
            .Apply(new Notified(T0, "fired"))
            .Apply(new Escalated(T0, 1, [new RoutingTarget(ProviderNames.PagerDuty, null, Severity.Critical)]));
        yield return state;
        yield return new Checkpoint(state);
        yield return state.Apply(new NotificationMuted(T0, "business-hours", T0.AddHours(8)));
        yield return new RemediationStarted(T0, 3, PageHeld: true);
        yield return new RemediationAttempted(2, 3, Succeeded: false, "disk still full", T0);
        yield return new RemediationFailed(T0, 3);
        yield return new RemediationCancelled(T0, "acknowledged");
        // A remediation attempt's delivery and policy (optional members of existing records) round-trip too.
        var remediated = Occurrence("e3") with
        {
            Occurrence = Occurrence("e3").Occurrence with
            {
                Policy = AlertPolicy.Default with
                {
                    Remediation = new RemediationPolicy(3, TimeSpan.FromSeconds(30), RemediationPage.Immediately),
                },
            },
        };
        var attempt = Scheduled(2, ProviderNames.Remediation) is var scheduled
            ? new DeliveryScheduled(
                scheduled.Delivery with
                {
                    Request = scheduled.Delivery.Request with
                    {
                        Remediation = new RemediationCall(1, 3, TimeSpan.FromSeconds(30), T0),
                    },
                }
            )
            : null!;
        yield return new Batch([remediated, new Fired(T0, 1), new RemediationStarted(T0, 3, false), attempt]);
        yield return AlertState
            .Empty("k")
            .Apply(new Batch([remediated, new Fired(T0, 1), new RemediationStarted(T0, 3, true), attempt]));

        var silence = new Silence(
            "s1",
            [new SilenceMatcher("tenant", "acme", isRegex: false, isEqual: true)],
            T0,
            T0.AddHours(2),
            "alice",
            "maintenance"
        );
        yield return new SilenceJournalEvents.SilenceCreated(silence);
        yield return new SilenceJournalEvents.SilenceExpired("s1", T0);
        yield return new SilenceSet([silence], 7);
        yield return silence;

        yield return new TracedJournalEvent(
            new Batch([occurrence, Scheduled(1, ProviderNames.PagerDuty)]),
            ImmutableDictionary<long, string>.Empty.Add(1, TraceParent)
        );

        yield return new AlertCommands.RecordOccurrence("k", occurrence.Occurrence);
        yield return new OccurrenceEnvelope("k", occurrence.Occurrence, TraceParent);
        yield return new OccurrenceBatchEnvelope("k", [new OccurrenceEnvelope("k", occurrence.Occurrence)]);
        yield return new AlertCommands.Acknowledge("k", "alice", "note", ProviderNames.PagerDuty);
        yield return new AlertCommands.Resolve("k", "alice", null);
        yield return new AlertCommands.RequeueDelivery("k", 2, "carol");
        yield return new AlertCommands.GetAlert("k");
        yield return new AlertCommands.Wake("k");
        yield return new AlertReplies.OccurrenceAccepted("k", "e1", Duplicate: false);
        yield return new AlertReplies.AlertView(state, 4);
        yield return new AlertReplies.Rejected("k", RejectionReason.Conflict, "no");
        yield return new SilenceCommands.CreateSilence(silence);
        yield return new SilenceCommands.ExpireSilence("s1");
        yield return SilenceCommands.GetSilences.Instance;
        yield return new SilenceReplies.Created(silence);
        yield return new SilenceReplies.Expired(silence);
        yield return new SilenceReplies.NotFound("s2");
        yield return new SilenceReplies.Rejected("bad");
        var rule = new ApiRule("disk-full", """{"name":"disk-full"}""", 3, "alice", T0);
        yield return new ApiRuleJournalEvents.RuleStored(rule.Name, rule.Definition, "alice", T0);
        yield return new ApiRuleJournalEvents.RuleDeleted(rule.Name, "bob", T0);
        yield return new ApiRuleSet([rule], 3);
        yield return new ApiRuleCommands.StoreRule(rule.Name, rule.Definition, "alice", CreateOnly: true);
        yield return new ApiRuleCommands.DeleteRule(rule.Name, "bob");
        yield return ApiRuleCommands.GetApiRules.Instance;
        yield return new ApiRuleReplies.Stored(rule, Created: true);
        yield return new ApiRuleReplies.Deleted(rule, 4);
        yield return new ApiRuleReplies.NotFound("x");
        yield return new ApiRuleReplies.Rejected("taken");
        foreach (var group in GroupSamples.All(T0))
            yield return group;
    }

    private static OccurrenceRecorded Occurrence(string id) =>
        new(
            new Occurrence(
                id,
                T0,
                EventAction.Trigger,
                Severity.Critical,
                "Disk full",
                "disk-watcher",
                "disk.full",
                "host-1",
                "acme",
                "default",
                [ProviderNames.PagerDuty, ProviderNames.OpsGenie],
                JsonDocument.Parse("""{"site":"a","used":0.97}""").RootElement.Clone(),
                AlertPolicy.Default with
                {
                    Escalation = [new EscalationStep(TimeSpan.FromMinutes(15), [ProviderNames.PagerDuty])],
                }
            ),
            T0
        );

    private static DeliveryScheduled Scheduled(long number, string provider) =>
        new(
            new OutboxDelivery(
                number,
                provider,
                new NotificationRequest(
                    "k",
                    NotificationAction.Trigger,
                    "Disk full",
                    Severity.Critical,
                    "disk-watcher",
                    "disk.full",
                    "host-1",
                    "acme",
                    T0,
                    null,
                    "default"
                ),
                T0
            )
        );

    private static string Json(object value) =>
        JsonSerializer.Serialize(value, value.GetType(), AlertJsonSerializer.Options);
}
