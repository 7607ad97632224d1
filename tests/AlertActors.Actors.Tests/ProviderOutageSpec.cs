using Akka.Actor;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Tests;

/// <summary>
/// Real alert entities riding out a provider outage behind their per-provider supervisors (circuit breaker, rate
/// limit), with scripted in-memory providers, in virtual time.
/// </summary>
public sealed class ProviderOutageSpec : SqliteJournalSpec
{
    private readonly BreakerStateRegistry _registry = new();

    [Fact]
    public void Alerts_that_trigger_and_resolve_during_a_ten_minute_outage_deliver_each_call_once_and_in_order_after_recovery()
    {
        var pagerDuty = new ScriptedProvider(ProviderNames.PagerDuty, () => Scheduler.Now) { Down = true };
        var opsGenie = new ScriptedProvider(ProviderNames.OpsGenie, () => Scheduler.Now) { Down = true };
        var delivery = new DeliverySettings
        {
            BreakerMaxFailures = 5,
            BreakerResetTimeout = TimeSpan.FromSeconds(30),
            CallTimeout = TimeSpan.FromMinutes(5),
            RateLimitsPerMinute = new Dictionary<string, int> { [ProviderNames.PagerDuty] = 120 },
        };
        var dispatcher = Sys.ActorOf(
            NotificationDispatcher.Props([pagerDuty, opsGenie], delivery, _registry),
            "notifications"
        );
        var entitySettings = new AlertEntitySettings
        {
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            RetryMaxDelay = TimeSpan.FromMinutes(1),
        };
        var keys = Enumerable.Range(1, 4).Select(i => $"site-{i}:link.down:sw{i}").ToList();
        var entities = keys.ToDictionary(
            k => k,
            k => Sys.ActorOf(AlertEntity.Props(k, dispatcher, entitySettings, NoSilences.Instance))
        );

        foreach (var key in keys)
        {
            entities[key].Tell(Occurrence(key, "e1"));
            ExpectMsg<AlertReplies.OccurrenceAccepted>();
        }
        var outageEnds = Scheduler.Now + TimeSpan.FromMinutes(10);
        var resolved = false;
        while (Scheduler.Now < outageEnds)
        {
            Scheduler.Advance(TimeSpan.FromSeconds(5));
            ExpectNoMsg(TimeSpan.FromMilliseconds(10)); // let the alerts' writes and timers catch up
            if (!resolved && Scheduler.Now >= outageEnds - TimeSpan.FromMinutes(7))
            {
                foreach (var key in keys)
                {
                    entities[key].Tell(new AlertCommands.Resolve(key, "alice", "fixed"));
                    Assert.Equal(AlertStatus.Resolved, ExpectMsg<AlertReplies.AlertView>().State.Status);
                }
                resolved = true;
            }
        }
        Assert.All(
            new[] { ProviderNames.PagerDuty, ProviderNames.OpsGenie },
            p => Assert.True(_registry.Get(p)!.TimesOpened >= 1)
        );
        Assert.Empty(pagerDuty.Delivered.Concat(opsGenie.Delivered));
        var failedCallsDuringOutage = pagerDuty.Calls.Count + opsGenie.Calls.Count;

        pagerDuty.Down = false;
        opsGenie.Down = false;
        bool AllDelivered() =>
            pagerDuty.Delivered.Count() == 2 * keys.Count && opsGenie.Delivered.Count() == 2 * keys.Count;
        for (var step = 0; step < 120 && !AllDelivered(); step++)
        {
            Scheduler.Advance(TimeSpan.FromSeconds(5));
            for (var wait = 0; wait < 4 && !AllDelivered(); wait++)
                ExpectNoMsg(TimeSpan.FromMilliseconds(5));
        }
        Scheduler.Advance(TimeSpan.FromMinutes(5));
        AwaitAssert(() =>
            Assert.All(keys, k => Assert.DoesNotContain(AlertOf(k, entities[k]).Deliveries, d => d.IsPending))
        );

        foreach (var provider in new[] { pagerDuty, opsGenie })
        {
            Assert.Equal(BreakerStatus.Closed, _registry.Get(provider.Name)!.Status);
            foreach (var key in keys)
            {
                var actions = provider
                    .Delivered.Where(c => c.Request.DedupKey == key)
                    .Select(c => c.Request.Action)
                    .ToList();
                Assert.Equal([NotificationAction.Trigger, NotificationAction.Resolve], actions);
            }
        }
        // Fail-fast kept the providers from being hammered during the outage.
        Assert.True(
            failedCallsDuringOutage < 100,
            $"{failedCallsDuringOutage} calls reached the providers during the outage"
        );
    }

    private static AlertCommands.RecordOccurrence Occurrence(string key, string eventId) =>
        new(
            key,
            new Occurrence(
                eventId,
                new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero),
                EventAction.Trigger,
                Severity.Critical,
                "Link down",
                "netmon",
                "link.down",
                "sw",
                "site",
                "default",
                [ProviderNames.PagerDuty, ProviderNames.OpsGenie],
                Details: null,
                AlertPolicy.Default
            )
        );

    private AlertState AlertOf(string key, IActorRef entity)
    {
        var probe = CreateTestProbe();
        entity.Tell(new AlertCommands.GetAlert(key), probe.Ref);
        return probe.ExpectMsg<AlertReplies.AlertView>().State;
    }
}
