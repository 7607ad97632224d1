using System.Collections.Immutable;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Inhibition;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Rules.Conditions;
using AlertActors.Domain.Silences;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>Which firing alert inhibits which (Alertmanager's inhibit rules), and what an inhibited alert records and
/// sends.</summary>
public class InhibitionTests
{
    private const string SiteDown = "acme:site.down:site-a";
    private const string DiskFull = "acme:disk.full:h1";

    /// <summary>site.down inhibits disk.full on the same tenant and data.labels.site.</summary>
    private static readonly InhibitRules Rules = new([
        new InhibitRule(
            ConditionFixture.Field("type", "eq", "site.down"),
            ConditionFixture.Field("type", "eq", "disk.full"),
            ["tenant", "data.labels.site"]
        ),
    ]);

    private static AlertState Firing(string dedupKey, string type, string site, string tenant = "acme")
    {
        var alert = new AlertHarness(dedupKey);
        alert.Record(Occurrence(type, site, tenant), At(0));
        return alert.State;
    }

    private static Occurrence Occurrence(string type, string site, string tenant = "acme", string id = "e1") =>
        Trigger(id, detailsJson: $$$"""{"labels":{"site":"{{{site}}}"}}""") with
        {
            Type = type,
            Tenant = tenant,
        };

    private static InhibitionSources SourcesOf(params AlertState[] alerts) =>
        alerts.Aggregate(
            InhibitionSources.Empty,
            (set, alert) => set.With(alert.DedupKey, Rules.SourceKeysOf(alert), set.Version + 1)
        );

    [Fact]
    public void A_firing_source_inhibits_a_target_with_equal_values_but_not_one_with_other_values()
    {
        var sources = SourcesOf(Firing(SiteDown, "site.down", "a"));

        Assert.Equal(SiteDown, Rules.InhibitorOf(Firing(DiskFull, "disk.full", "a"), sources));
        Assert.Null(Rules.InhibitorOf(Firing("acme:disk.full:h2", "disk.full", "b"), sources));
        Assert.Null(Rules.InhibitorOf(Firing("other:disk.full:h1", "disk.full", "a", tenant: "other"), sources));
        Assert.Null(Rules.InhibitorOf(Firing("acme:cpu.high:h1", "cpu.high", "a"), sources));
    }

    [Fact]
    public void Only_a_firing_or_acknowledged_alert_is_a_source()
    {
        var source = new AlertHarness(SiteDown);
        source.Record(Occurrence("site.down", "a"), At(0));
        Assert.Single(Rules.SourceKeysOf(source.State));
        source.Acknowledge("alice", At(1));
        Assert.Single(Rules.SourceKeysOf(source.State));
        source.ResolveByApi("alice", At(2));
        Assert.Empty(Rules.SourceKeysOf(source.State));
        Assert.Empty(InhibitRules.None.SourceKeysOf(Firing(SiteDown, "site.down", "a")));
    }

    [Fact]
    public void An_alert_does_not_inhibit_itself_and_two_alerts_matching_both_sides_do_not_inhibit_each_other()
    {
        var anyDisk = ConditionFixture.Field("type", "eq", "disk.full");
        var rules = new InhibitRules([new InhibitRule(anyDisk, anyDisk, ["data.labels.site"])]);
        var first = Firing(DiskFull, "disk.full", "a");
        var second = Firing("acme:disk.full:h2", "disk.full", "a");
        var sources = new[] { first, second }.Aggregate(
            InhibitionSources.Empty,
            (set, alert) => set.With(alert.DedupKey, rules.SourceKeysOf(alert), set.Version + 1)
        );

        Assert.Null(rules.InhibitorOf(first, sources));
        Assert.Null(rules.InhibitorOf(second, sources));
    }

    [Fact]
    public void A_missing_equal_field_equals_an_empty_one_and_several_sources_give_the_first_key()
    {
        var withoutSite = new AlertHarness(DiskFull);
        withoutSite.Record(Trigger("e1") with { Type = "disk.full" }, At(0));
        var sources = SourcesOf(
            Firing("acme:site.down:z", "site.down", ""),
            Firing("acme:site.down:b", "site.down", "")
        );

        Assert.Equal("acme:site.down:b", Rules.InhibitorOf(withoutSite.State, sources));
    }

    [Fact]
    public void Sources_compare_by_content_and_report_the_ones_gone()
    {
        var one = SourcesOf(Firing(SiteDown, "site.down", "a"));
        var none = one.With(SiteDown, [], 2);

        Assert.Same(one, one.With(SiteDown, Rules.SourceKeysOf(Firing(SiteDown, "site.down", "a")), 9));
        Assert.Equal([SiteDown], one.GoneIn(none));
        Assert.Empty(none.GoneIn(one));
        Assert.Equal(SourcesOf(Firing(SiteDown, "site.down", "a")), one);
    }

    // ---- the target alert ----------------------------------------------------------------------------

    private readonly AlertHarness _target = new(DiskFull);
    private readonly SwitchableInhibition _inhibition = new();

    private Decision RecordTarget(string eventId, DateTimeOffset now) =>
        _target.Commit(
            _target.State.Decide(
                new AlertCommands.RecordOccurrence(DiskFull, Occurrence("disk.full", "a", id: eventId)),
                now,
                inhibitions: _inhibition
            )
        );

    private Decision CheckTarget(DateTimeOffset now) =>
        _target.Commit(_target.State.Decide(AlertTimer.OwedNotification, now, inhibitions: _inhibition));

    private int Triggers(Decision decision) =>
        decision
            .JournalEvents.OfType<DeliveryScheduled>()
            .Count(d => d.Delivery.Request.Action == NotificationAction.Trigger);

    [Fact]
    public void An_inhibited_target_fires_and_is_recorded_but_sends_nothing()
    {
        _inhibition.Verdict = new InhibitionCheck(true, SiteDown);

        var fired = RecordTarget("e1", At(0));
        RecordTarget("e2", At(1));

        Assert.Equal(
            new NotificationInhibited(At(0), SiteDown),
            fired.JournalEvents.OfType<NotificationInhibited>().Single()
        );
        Assert.Equal(0, Triggers(fired));
        Assert.Equal(AlertStatus.Firing, _target.State.Status);
        Assert.Equal(2, _target.State.Occurrences);
        Assert.Equal(SiteDown, _target.State.InhibitedBy);
        Assert.True(_target.State.NotificationOwed);
        Assert.Empty(_target.State.Deliveries);
        Assert.Contains(_target.State.Timeline, t => t.Change == "inhibited" && t.Note == $"inhibited by {SiteDown}");
        Assert.Null(_target.State.DueAt(AlertTimer.OwedNotification));
        Assert.True(_target.State.HasLiveWork);
        Assert.Equal(At(1), _target.State.NextDueAt(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void When_the_source_resolves_the_owed_trigger_goes_out_once()
    {
        _inhibition.Verdict = new InhibitionCheck(true, SiteDown);
        RecordTarget("e1", At(0));
        Assert.Empty(CheckTarget(At(1)).JournalEvents);

        _inhibition.Verdict = InhibitionCheck.NotInhibited;
        var released = CheckTarget(At(2));

        Assert.Equal($"inhibition by {SiteDown} ended", released.JournalEvents.OfType<Notified>().Single().Reason);
        Assert.Equal(2, Triggers(released));
        Assert.Null(_target.State.InhibitedBy);
        Assert.False(_target.State.HasLiveWork && _target.State.IsHeldBack);
        Assert.Empty(CheckTarget(At(3)).JournalEvents);
    }

    [Fact]
    public void A_released_target_timeline_says_the_inhibition_ended_and_replays_the_same()
    {
        _inhibition.Verdict = new InhibitionCheck(true, SiteDown);
        RecordTarget("e1", At(0));
        _inhibition.Verdict = InhibitionCheck.NotInhibited;

        CheckTarget(At(2));

        Assert.Equal(
            [
                new TimelineEntry(At(0), "firing", null, null),
                new TimelineEntry(At(0), "inhibited", null, $"inhibited by {SiteDown}"),
                new TimelineEntry(At(2), "released", null, $"inhibition by {SiteDown} ended"),
            ],
            _target.State.Timeline
        );
        Assert.Equal(_target.State.Timeline, AlertHarness.Replay(DiskFull, _target.Journal).Timeline);
    }

    [Fact]
    public void A_target_released_into_a_silence_says_so_on_its_timeline()
    {
        _inhibition.Verdict = new InhibitionCheck(true, SiteDown);
        RecordTarget("e1", At(0));
        _inhibition.Verdict = InhibitionCheck.NotInhibited;

        var released = _target.Commit(
            _target.State.Decide(
                AlertTimer.OwedNotification,
                At(2),
                new FixedSilence("s-1", At(60)),
                inhibitions: _inhibition
            )
        );

        Assert.Single(released.JournalEvents.OfType<NotificationSilenced>());
        Assert.Equal(
            new TimelineEntry(At(2), "released", null, $"inhibition by {SiteDown} ended; held by silence s-1"),
            _target.State.Timeline[^1]
        );
    }

    [Fact]
    public void While_the_sources_are_unknown_a_held_trigger_stays_held_and_a_new_one_goes_out()
    {
        _inhibition.Verdict = new InhibitionCheck(true, SiteDown);
        RecordTarget("e1", At(0));

        _inhibition.Verdict = InhibitionCheck.Unknown;
        Assert.Empty(CheckTarget(At(1)).JournalEvents);
        Assert.Equal(SiteDown, _target.State.InhibitedBy);

        var other = new AlertHarness("acme:disk.full:h9");
        var fired = other.Commit(
            other.State.Decide(
                new AlertCommands.RecordOccurrence(other.State.DedupKey, Occurrence("disk.full", "a")),
                At(1),
                inhibitions: _inhibition
            )
        );
        Assert.Equal(2, Triggers(fired));
    }

    [Fact]
    public void Another_source_taking_over_is_recorded_once_and_keeps_holding()
    {
        _inhibition.Verdict = new InhibitionCheck(true, SiteDown);
        RecordTarget("e1", At(0));
        _inhibition.Verdict = new InhibitionCheck(true, "acme:site.down:other");

        var changed = CheckTarget(At(1));

        Assert.Single(changed.JournalEvents.OfType<NotificationInhibited>());
        Assert.Equal(1, _target.State.Suppressed);
        Assert.Empty(CheckTarget(At(2)).JournalEvents);
        Assert.Equal("acme:site.down:other", _target.State.InhibitedBy);
    }

    [Fact]
    public void A_target_that_resolves_while_inhibited_sends_nothing()
    {
        _inhibition.Verdict = new InhibitionCheck(true, SiteDown);
        RecordTarget("e1", At(0));

        var resolved = _target.Commit(
            _target.State.Decide(
                new AlertCommands.RecordOccurrence(DiskFull, Resolve("r1", At(1))),
                At(1),
                inhibitions: _inhibition
            )
        );

        Assert.Empty(resolved.JournalEvents.OfType<DeliveryScheduled>());
        Assert.Equal(AlertStatus.Resolved, _target.State.Status);
        Assert.Null(_target.State.InhibitedBy);
        Assert.False(_target.State.HasLiveWork);
    }

    [Fact]
    public void A_release_into_an_active_throttle_is_owed_to_the_throttle_and_no_longer_inhibited()
    {
        var throttled = AlertPolicy.Default with { Cooldown = TimeSpan.FromMinutes(30) };
        _target.Commit(
            _target.State.Decide(
                new AlertCommands.RecordOccurrence(DiskFull, Occurrence("disk.full", "a") with { Policy = throttled }),
                At(0),
                inhibitions: _inhibition
            )
        );
        _target.ResolveByApi("bob", At(1));
        _inhibition.Verdict = new InhibitionCheck(true, SiteDown);
        _target.Commit(
            _target.State.Decide(
                new AlertCommands.RecordOccurrence(
                    DiskFull,
                    Occurrence("disk.full", "a", id: "e2") with
                    {
                        Policy = throttled,
                    }
                ),
                At(2),
                inhibitions: _inhibition
            )
        );
        _inhibition.Verdict = InhibitionCheck.NotInhibited;

        var released = CheckTarget(At(3));

        Assert.Single(released.JournalEvents.OfType<NotificationSuppressed>());
        Assert.Equal("released", _target.State.Timeline[^1].Change);
        Assert.StartsWith($"inhibition by {SiteDown} ended: throttled until", _target.State.Timeline[^1].Note);
        Assert.Null(_target.State.InhibitedBy);
        Assert.Equal(At(30), _target.State.DueAt(AlertTimer.OwedNotification));
    }

    [Fact]
    public void Replaying_the_journal_gives_the_same_inhibited_state()
    {
        _inhibition.Verdict = new InhibitionCheck(true, SiteDown);
        RecordTarget("e1", At(0));

        var replayed = AlertHarness.Replay(DiskFull, _target.Journal);

        Assert.Equal(StateText.Describe(_target.State), StateText.Describe(replayed));
        Assert.Equal(SiteDown, replayed.InhibitedBy);
    }

    /// <summary>One silence that holds every alert from <c>At(-10)</c> to <paramref name="until"/>.</summary>
    private sealed class FixedSilence(string id, DateTimeOffset until) : ISilenceLookup
    {
        private readonly Silence _silence = new(id, [], At(-10), until, "alice", "maintenance");

        public Silence? ActiveFor(AlertState alert, DateTimeOffset now) => _silence.IsActiveAt(now) ? _silence : null;
    }

    private sealed class SwitchableInhibition : IInhibitionLookup
    {
        public InhibitionCheck Verdict { get; set; } = InhibitionCheck.NotInhibited;

        public InhibitionCheck Check(AlertState alert) => Verdict;
    }
}
