using Akka.Actor;
using Akka.Event;
using AlertActors.Actors.Groups;
using AlertActors.Actors.Telemetry;
using AlertActors.Configuration;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications;

namespace AlertActors.Actors.Delivery;

/// <summary>
/// One per node: routes each delivery by provider name to that provider's <see cref="ProviderSupervisor"/>
/// (its child), which answers the alert entity that asked. It keeps no state of its own; the entity's outbox
/// is the record.
/// </summary>
public sealed class NotificationDispatcher : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public NotificationDispatcher(
        IEnumerable<INotificationProvider> providers,
        DeliverySettings settings,
        BreakerStateRegistry breakers,
        AlertActorsMetrics? metrics
    )
    {
        var byName = providers.ToDictionary(
            p => p.Name,
            p =>
                Context.ActorOf(
                    ProviderSupervisor.Props(p, settings, breakers, metrics),
                    "provider-" + Uri.EscapeDataString(p.Name)
                ),
            StringComparer.Ordinal
        );
        Receive<DeliveryMessages.Deliver>(deliver =>
        {
            if (deliver.Provider == ProviderNames.Group)
            {
                GroupMembershipDelivery.Send(deliver, Context.System, Sender);
                return;
            }
            if (byName.TryGetValue(deliver.Provider, out var supervisor))
            {
                supervisor.Forward(deliver);
                return;
            }
            _log.Warning(
                "No provider named {0} is configured; delivery {1} of {2} fails",
                deliver.Provider,
                deliver.Number,
                deliver.Request.DedupKey
            );
            Sender.Tell(
                new DeliveryMessages.Attempted(
                    deliver.Number,
                    deliver.Provider,
                    new DeliveryOutcome(
                        DeliveryOutcomeKind.Permanent,
                        $"no provider named {deliver.Provider} is configured"
                    )
                )
            );
        });
    }

    public static Props Props(
        IEnumerable<INotificationProvider> providers,
        DeliverySettings settings,
        BreakerStateRegistry breakers,
        AlertActorsMetrics? metrics = null
    ) => Akka.Actor.Props.Create(() => new NotificationDispatcher(providers, settings, breakers, metrics));

    public static Props Props(IEnumerable<INotificationProvider> providers) =>
        Props(providers, DeliverySettings.Default, new BreakerStateRegistry());
}
