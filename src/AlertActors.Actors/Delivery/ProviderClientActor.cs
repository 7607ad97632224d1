using Akka.Actor;
using Akka.Event;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications;

namespace AlertActors.Actors.Delivery;

/// <summary>
/// Calls one <see cref="INotificationProvider"/>: one attempt per <see cref="Call"/>, answered to the sender with
/// exactly one <see cref="Called"/>. Calls run concurrently and never block the actor. The provider maps
/// expected failures (HTTP, timeout) to outcomes itself; anything else means this client is broken, so after
/// answering the call as retryable it crashes and its <see cref="Akka.Pattern.BackoffSupervisor"/> starts a
/// fresh one after a backoff.
/// </summary>
public sealed class ProviderClientActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ProviderClientActor(INotificationProvider provider)
    {
        Receive<Call>(call =>
        {
            var replyTo = Sender;
            var self = Self;
            Task<DeliveryOutcome> sending;
            // The provider-call span is current while the call starts, so its HTTP request joins the event's trace.
            var span = AlertActorsTracing.StartNotify(provider.Name, call.CallId, call.Request, out var previous);
            try
            {
                sending = provider.SendAsync(call.Request, CancellationToken.None);
            }
            catch (Exception ex)
            {
                sending = Task.FromException<DeliveryOutcome>(ex);
            }
            finally
            {
                System.Diagnostics.Activity.Current = previous;
            }
            sending.ContinueWith(task =>
            {
                if (task.IsCompletedSuccessfully)
                {
                    AlertActorsTracing.EndNotify(span, task.Result);
                    replyTo.Tell(new Called(call.CallId, task.Result));
                    return;
                }
                var error = task.Exception?.GetBaseException() ?? new TaskCanceledException(task);
                var outcome = ProviderResponse.FromException(error);
                AlertActorsTracing.EndNotify(span, outcome);
                replyTo.Tell(new Called(call.CallId, outcome));
                self.Tell(new Crashed(error));
            }, TaskContinuationOptions.ExecuteSynchronously);
        });
        Receive<Crashed>(crashed =>
        {
            _log.Error(crashed.Error, "{0} client failed unexpectedly; it is restarted after a backoff", provider.Name);
            throw new ProviderClientException(provider.Name, crashed.Error);
        });
    }

    public static Props Props(INotificationProvider provider) =>
        Akka.Actor.Props.Create(() => new ProviderClientActor(provider));

    /// <summary>Send this request once; <paramref name="CallId"/> comes back in the <see cref="Called"/>.</summary>
    public sealed record Call(long CallId, NotificationRequest Request);

    public sealed record Called(long CallId, DeliveryOutcome Outcome);

    private sealed record Crashed(Exception Error);

    /// <summary>Thrown to make the backoff supervisor restart the client.</summary>
    public sealed class ProviderClientException(string provider, Exception inner)
        : Exception($"{provider} client failed: {inner.Message}", inner);
}
