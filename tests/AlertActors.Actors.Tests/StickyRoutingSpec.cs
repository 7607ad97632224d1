using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Serialization;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The routing targets a firing period's trigger went to are persisted with the alert (SQLite journal): after a restart
/// with the routing changed, the period's resolve still goes where its trigger went. Journals written before targets
/// existed still read.
/// </summary>
public sealed class StickyRoutingSpec : AlertEntitySpec
{
    private const string Critical = "severity:critical#cccccccccccccccc";
    private const string Elsewhere = "severity:critical#eeeeeeeeeeeeeeee";

    /// <summary>PagerDuty routes every call to <see cref="Target"/>; OpsGenie has one destination.</summary>
    private sealed class FixedRoutes(string target) : IRoutingTargets
    {
        public string? TargetOf(string provider, NotificationRequest request) =>
            provider == ProviderNames.PagerDuty ? target : null;
    }

    [Fact]
    public void A_restarted_alert_resolves_where_its_trigger_went_though_the_route_now_says_elsewhere()
    {
        var entity = StartEntity(routes: new FixedRoutes(Critical));
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        var trigger = _dispatcher.ReceiveN(2).Cast<Deliver>().Single(d => d.Provider == ProviderNames.PagerDuty);
        Assert.Equal(Critical, trigger.Request.Target);
        foreach (var (number, provider) in new[] { (1L, ProviderNames.PagerDuty), (2L, ProviderNames.OpsGenie) })
            Answer(entity, number, provider, DeliveryOutcomeKind.Delivered);
        AwaitAssert(() => Assert.DoesNotContain(AlertOf(entity).Deliveries, d => d.IsPending));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var recovered = StartEntity(routes: new FixedRoutes(Elsewhere)); // configuration edited, node restarted
        recovered.Tell(Trigger("e2", severity: Severity.High));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        recovered.Tell(Resolve("e3", Severity.High));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();

        var resolve = _dispatcher.ReceiveN(2).Cast<Deliver>().Single(d => d.Provider == ProviderNames.PagerDuty);
        Assert.Equal((NotificationAction.Resolve, Critical), (resolve.Request.Action, resolve.Request.Target));
    }

    [Fact]
    public void Journal_entries_and_snapshots_written_before_routing_targets_still_read()
    {
        var request = new NotificationRequest(
            Key,
            NotificationAction.Trigger,
            "Disk full",
            Severity.Critical,
            "disk-watcher",
            "disk.full",
            "db-1",
            "site-a",
            DateTimeOffset.UnixEpoch,
            null
        );
        var scheduled = JsonSerializer.SerializeToNode(
            new AlertJournalEvents.DeliveryScheduled(
                new OutboxDelivery(1, ProviderNames.PagerDuty, request, DateTimeOffset.UnixEpoch)
            ),
            AlertJsonSerializer.Options
        )!;
        Assert.Null(scheduled["Delivery"]!["Request"]!["Target"]); // an untargeted request writes what it wrote before
        var state = AlertState
            .Empty(Key)
            .Apply(new AlertJournalEvents.Fired(DateTimeOffset.UnixEpoch, 1))
            .Apply(Read<AlertJournalEvents.DeliveryScheduled>(scheduled));
        Assert.Equal([new RoutingTarget(ProviderNames.PagerDuty, null, Severity.Critical)], state.RoutingTargets); // routed when sent, as before

        var pinned = state with
        {
            RoutingTargets = [new RoutingTarget(ProviderNames.PagerDuty, Critical, Severity.Critical)],
        };
        var snapshot = JsonSerializer.SerializeToNode(pinned, AlertJsonSerializer.Options)!.AsObject();
        Assert.Equal(pinned.RoutingTargets, Read<AlertState>(snapshot).RoutingTargets);
        snapshot.Remove(nameof(AlertState.RoutingTargets));
        Assert.Empty(Read<AlertState>(snapshot).RoutingTargets);
    }

    private static T Read<T>(JsonNode json) => json.Deserialize<T>(AlertJsonSerializer.Options)!;
}
