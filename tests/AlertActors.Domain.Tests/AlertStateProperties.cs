using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using FsCheck;
using FsCheck.Fluent;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// FsCheck properties over arbitrary command sequences: the throttle budget is never exceeded, providers
/// never hear of a period's end before its start, and replaying the journal gives the live state.
/// </summary>
public class AlertStateProperties
{
    private static readonly AlertPolicy Policy = AlertPolicy.Default with
    {
        ThresholdCount = 2,
        Cooldown = TimeSpan.FromMinutes(5),
        MaxPerHour = 3,
        RepeatInterval = TimeSpan.FromMinutes(20),
        AutoResolveAfter = TimeSpan.FromMinutes(15),
    };

    /// <summary>One step: which command, and how many minutes pass before it.</summary>
    public sealed record Step(int Kind, int MinutesLater);

    private static Arbitrary<Step[]> Scripts() =>
        Gen.Zip(Gen.Choose(0, 7), Gen.Choose(0, 12)).Select(t => new Step(t.Item1, t.Item2)).ArrayOf().ToArbitrary();

    private static AlertHarness Run(Step[] script)
    {
        var alert = new AlertHarness();
        var now = T0;
        var id = 0;
        foreach (var step in script)
        {
            now = now.AddMinutes(step.MinutesLater);
            switch (step.Kind)
            {
                case 0 or 1 or 2:
                    alert.Record(Trigger($"e{id++}", policy: Policy), now);
                    break;
                case 3:
                    alert.Record(Resolve($"e{id++}"), now);
                    break;
                case 4:
                    alert.Acknowledge("alice", now);
                    break;
                case 5:
                    alert.ResolveByApi("bob", now);
                    break;
                case 6:
                    foreach (var timer in Enum.GetValues<AlertTimer>())
                        alert.Timer(timer, now);
                    break;
                default:
                    foreach (var d in alert.State.NextDeliveries().ToList())
                        alert.Outcome(d.Number, new DeliveryOutcome(DeliveryOutcomeKind.Delivered), now);
                    break;
            }
        }
        return alert;
    }

    [Fact]
    public void Trigger_rounds_respect_the_cooldown_and_max_per_hour() =>
        Prop.ForAll(
                Scripts(),
                script =>
                {
                    var rounds = Run(script).Journal.OfType<AlertJournalEvents.Notified>().Select(n => n.At).ToList();
                    var cooldownKept = rounds.Zip(rounds.Skip(1)).All(p => p.Second - p.First >= Policy.Cooldown);
                    var hourlyKept = rounds.All(t =>
                        rounds.Count(u => u > t - TimeSpan.FromHours(1) && u <= t) <= Policy.MaxPerHour
                    );
                    return cooldownKept && hourlyKept;
                }
            )
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Per_provider_an_acknowledge_or_resolve_only_follows_a_trigger_of_the_same_period() =>
        Prop.ForAll(
                Scripts(),
                script =>
                {
                    var triggered = false;
                    foreach (var evt in Run(script).Journal)
                    {
                        switch (evt)
                        {
                            case AlertJournalEvents.Fired:
                                triggered = false;
                                break;
                            case AlertJournalEvents.DeliveryScheduled
                            {
                                Delivery.Request.Action: NotificationAction.Trigger
                            }:
                                triggered = true;
                                break;
                            case AlertJournalEvents.DeliveryScheduled when !triggered:
                                return false;
                        }
                    }
                    return true;
                }
            )
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Replaying_the_journal_gives_the_live_state() =>
        Prop.ForAll(
                Scripts(),
                script =>
                {
                    var alert = Run(script);
                    return StateText.Describe(AlertHarness.Replay(alert.State.DedupKey, alert.Journal))
                        == StateText.Describe(alert.State);
                }
            )
            .QuickCheckThrowOnFailure();
}
