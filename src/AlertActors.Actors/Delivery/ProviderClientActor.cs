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
/// <remarks>
/// This is where provider answer text enters the actor system: every outcome (and the text of an unexpected error)
/// passes
/// <see cref="SecretRedactor"/> here, before the trace span, the answer, and so the journal, the API and the logs see
/// it.
/// </remarks>
public sealed class ProviderClientActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ProviderClientActor(INotificationProvider provider, SecretRedactor redactor)
    {
        Receive<Call>(call =>
        {
            var replyTo = Sender;
            var self = Self;
            Task<DeliveryOutcome> sending;
            // The provider-call span is current while the call starts, so its HTTP request joins the event's trace.
            var span = AlertActorsTracing.StartNotify(
                provider.Name,
                call.CallId,
                call.Request,
                call.TraceParent,
                out var previous
            );
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
            sending.ContinueWith(
                task =>
                {
                    var error = task.IsCompletedSuccessfully
                        ? null
                        : task.Exception?.GetBaseException() ?? new TaskCanceledException(task);
                    var outcome = redactor.Redact(error is null ? task.Result : ProviderResponse.FromException(error));
                    AlertActorsTracing.EndNotify(span, outcome);
                    replyTo.Tell(new Called(call.CallId, outcome));
                    if (error is not null)
                        self.Tell(new Crashed(redactor.Redact(error.ToString())));
                },
                TaskContinuationOptions.ExecuteSynchronously
            );
        });
        Receive<Crashed>(crashed =>
        {
            _log.Error(
                "{0} client failed unexpectedly; it is restarted after a backoff: {1}",
                provider.Name,
                crashed.Error
            );
            throw new ProviderClientException(provider.Name);
        });
    }

    public static Props Props(INotificationProvider provider, SecretRedactor redactor) =>
        Akka.Actor.Props.Create(() => new ProviderClientActor(provider, redactor));

    /// <summary>Send this request once; <paramref name="CallId"/> comes back in the <see cref="Called"/>.</summary>
    public sealed record Call(long CallId, NotificationRequest Request, string? TraceParent = null);

    public sealed record Called(long CallId, DeliveryOutcome Outcome);

    /// <param name="Error">The error's text (message and stack), secrets masked.</param>
    private sealed record Crashed(string Error);

    /// <summary>Thrown to make the backoff supervisor restart the client; the error itself was logged (masked) just
    /// before.</summary>
    public sealed class ProviderClientException(string provider) : Exception($"{provider} client failed unexpectedly");
}
