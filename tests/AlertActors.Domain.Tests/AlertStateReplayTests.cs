using System.Collections.Immutable;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// The event-sourcing property: folding the journal a sequence of decisions produced into a fresh state
/// gives the live state, after every step. Plus lifecycle invariants that must hold on every path.
/// </summary>
public class AlertStateReplayTests
{
    // A tiny script language: T:id trigger event, R:id resolve event, A ack, X api resolve,
    // D:n delivered, Y:n dry-run, P:n permanent, F:n retryable, N = every next delivery delivered.
    public static TheoryData<string> Scripts =>
        new()
        {
            "T:e1",
            "T:e1 T:e2 T:e1",
            "T:e1 R:r1 T:e2 R:r2 T:e3",
            "T:e1 A A X X A",
            "R:r1 A X T:e1 R:r1",
            "T:e1 F:1 F:1 D:1 Y:2 A N N X N T:e2 P:7 N",
            "T:e1 A R:r1 R:r1 T:e2 X T:e3 A N N N N",
            "A X T:e1 D:1 D:1 D:99 T:e1 R:r1 D:3 D:2 N",
        };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Replaying_the_journal_gives_the_live_state_after_every_step(string script)
    {
        var alert = new AlertHarness();
        var step = 0;
        foreach (var command in script.Split(' '))
        {
            Run(alert, command, At(step++));
            AssertReplayMatches(alert);
            AssertInvariants(alert);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2025)]
    [InlineData(31337)]
    public void Replaying_a_long_seeded_random_run_gives_the_live_state(int seed)
    {
        var random = new Random(seed);
        var alert = new AlertHarness();
        for (var step = 0; step < 400; step++)
        {
            Run(alert, RandomCommand(random, alert.State), At(step));
            AssertInvariants(alert);
        }

        AssertReplayMatches(alert);
        Assert.NotEmpty(alert.Journal);
    }

    [Fact]
    public void A_coalesced_run_of_occurrences_applies_like_the_occurrences_one_by_one()
    {
        var alert = new AlertHarness();
        alert.Record(Trigger("e0"), At(0));
        var run = Enumerable
            .Range(1, 5)
            .Select(i => new OccurrenceRecorded(Trigger($"e{i}", at: At(i)), At(i)))
            .ToImmutableArray();

        var oneByOne = run.Aggregate(alert.State, (state, occurrence) => state.Apply(occurrence));
        var coalesced = alert.State.Apply(new OccurrencesRecorded(run));

        Assert.Equal(StateText.Describe(oneByOne), StateText.Describe(coalesced));
        Assert.Equal(6, coalesced.Occurrences);
    }

    [Fact]
    public void Decide_is_pure_and_leaves_the_state_unchanged()
    {
        var alert = new AlertHarness();
        alert.Record(Trigger("e1"), At(0));
        var before = StateText.Describe(alert.State);

        var first = alert.State.Decide(new AlertCommands.Resolve(alert.State.DedupKey, "bob", null), At(1));
        var second = alert.State.Decide(new AlertCommands.Resolve(alert.State.DedupKey, "bob", null), At(1));

        Assert.Equal(before, StateText.Describe(alert.State));
        Assert.Equal(first.JournalEvents, second.JournalEvents);
    }

    private static string RandomCommand(Random random, AlertState state)
    {
        var pending = state.Deliveries.Where(d => d.IsPending).Select(d => d.Number).ToList();
        var roll = random.Next(100);
        return roll switch
        {
            < 30 => $"T:e{random.Next(300)}", // reuses ids now and then: redeliveries
            < 40 => $"R:r{random.Next(50)}",
            < 47 => "A",
            < 54 => "X",
            < 75 when pending.Count > 0 => $"{"DYPF"[random.Next(4)]}:{pending[random.Next(pending.Count)]}",
            < 90 => "N",
            _ => $"D:{random.Next(1, (int)state.NextDeliveryNumber + 2)}",
        };
    }

    private static void Run(AlertHarness alert, string command, DateTimeOffset now)
    {
        var (verb, arg) = command.Split(':') is [var v, var a] ? (v, a) : (command, "");
        switch (verb)
        {
            case "T":
                alert.Record(Trigger(arg, at: now), now);
                break;
            case "R":
                alert.Record(Resolve(arg, at: now), now);
                break;
            case "A":
                alert.Acknowledge("alice", now, "ack note");
                break;
            case "X":
                alert.ResolveByApi("bob", now);
                break;
            case "D":
                alert.Outcome(long.Parse(arg), new DeliveryOutcome(DeliveryOutcomeKind.Delivered, "202"), now);
                break;
            case "Y":
                alert.Outcome(long.Parse(arg), DeliveryOutcome.DryRunRecorded, now);
                break;
            case "P":
                alert.Outcome(long.Parse(arg), new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "400"), now);
                break;
            case "F":
                alert.Outcome(long.Parse(arg), new DeliveryOutcome(DeliveryOutcomeKind.Retryable, "503"), now);
                break;
            case "N":
                foreach (var next in alert.State.NextDeliveries().ToList())
                    alert.Outcome(next.Number, new DeliveryOutcome(DeliveryOutcomeKind.Delivered, "202"), now);
                break;
            default:
                throw new ArgumentException($"unknown script command {command}");
        }
    }

    private static void AssertReplayMatches(AlertHarness alert)
    {
        var replayed = AlertHarness.Replay(alert.State.DedupKey, alert.Journal);
        Assert.Equal(StateText.Describe(alert.State), StateText.Describe(replayed));
    }

    private static void AssertInvariants(AlertHarness alert)
    {
        var scheduled = alert.Journal.OfType<DeliveryScheduled>().Select(e => e.Delivery).ToList();

        // Delivery numbers are unique and strictly increasing in journal order.
        Assert.Equal(scheduled.Select(d => d.Number).Order(), scheduled.Select(d => d.Number));
        Assert.Equal(scheduled.Count, scheduled.Select(d => d.Number).Distinct().Count());

        // Per provider, calls are scheduled in lifecycle order: each period starts with a trigger,
        // and an acknowledge or resolve only ever follows that period's trigger.
        foreach (var provider in scheduled.GroupBy(d => d.Provider))
        {
            var open = false;
            foreach (var action in provider.Select(d => d.Request.Action))
            {
                if (action == NotificationAction.Trigger)
                {
                    Assert.False(open, "trigger while already open");
                    open = true;
                }
                else
                    Assert.True(open, $"{action} before its trigger");
                if (action == NotificationAction.Resolve)
                    open = false;
            }
        }

        // At most one delivery per provider may be in flight, and it is the oldest pending one.
        var next = alert.State.NextDeliveries().ToList();
        Assert.Equal(next.Count, next.Select(d => d.Provider).Distinct().Count());
        foreach (var d in next)
            Assert.DoesNotContain(
                alert.State.Deliveries,
                o => o.IsPending && o.Provider == d.Provider && o.Number < d.Number
            );

        Assert.True(alert.State.Deliveries.Count(d => !d.IsPending) <= AlertState.CompletedDeliveryCapacity);
        Assert.True(alert.State.RecentEventIds.Count <= AlertState.RecentEventIdCapacity);
        Assert.Equal(alert.Journal.OfType<Fired>().Count(), alert.State.FiringPeriod);
    }
}
