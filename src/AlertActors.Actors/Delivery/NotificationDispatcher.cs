using Akka.Actor;
using Akka.Event;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications;

namespace AlertActors.Actors.Delivery;

/// <summary>
/// One per node: hands each delivery to the provider it names and pipes the outcome back to the alert
/// entity that asked. It keeps no state of its own; the entity's outbox is the record.
/// </summary>
public sealed class NotificationDispatcher : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public NotificationDispatcher(IEnumerable<INotificationProvider> providers)
    {
        var byName = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);
        Receive<DeliveryMessages.Deliver>(deliver =>
        {
            var replyTo = Sender;
            if (!byName.TryGetValue(deliver.Provider, out var provider))
            {
                _log.Warning("No provider named {0} is configured; delivery {1} of {2} fails",
                    deliver.Provider, deliver.Number, deliver.Request.DedupKey);
                replyTo.Tell(new DeliveryMessages.Attempted(deliver.Number, deliver.Provider,
                    new DeliveryOutcome(DeliveryOutcomeKind.Permanent, $"no provider named {deliver.Provider} is configured")));
                return;
            }
            provider.SendAsync(deliver.Request, CancellationToken.None).PipeTo(replyTo,
                success: outcome => new DeliveryMessages.Attempted(deliver.Number, deliver.Provider, outcome),
                failure: ex => new DeliveryMessages.Attempted(deliver.Number, deliver.Provider, ProviderResponse.FromException(ex)));
        });
    }

    public static Props Props(IEnumerable<INotificationProvider> providers) =>
        Akka.Actor.Props.Create(() => new NotificationDispatcher(providers));
}
