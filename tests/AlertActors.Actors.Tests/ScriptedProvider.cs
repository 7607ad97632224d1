using System.Collections.Concurrent;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications;

namespace AlertActors.Actors.Tests;

/// <summary>An in-memory provider: up, down (503) or scripted per request; records every call with the virtual
/// time.</summary>
internal sealed class ScriptedProvider(string name, Func<DateTimeOffset> now)
    : INotificationProvider,
        IRoutingKeyResolver
{
    private readonly ConcurrentQueue<ProviderCall> _calls = new();
    private TaskCompletionSource<DeliveryOutcome>? _held;

    public string Name => name;

    public volatile bool Down;

    /// <summary>False: the provider asks for no circuit breaker (as the remediation provider does).</summary>
    public bool HasCircuitBreaker { get; init; } = true;

    public Func<NotificationRequest, Task<DeliveryOutcome>>? Script { get; init; }

    public IReadOnlyCollection<ProviderCall> Calls => _calls;

    public IEnumerable<ProviderCall> Delivered => _calls.Where(c => c.Outcome == DeliveryOutcomeKind.Delivered);

    public bool IsDryRun(NotificationRequest request) => false;

    public string RoutingKeyFor(NotificationRequest request) => "one-routing-key";

    public TaskCompletionSource<DeliveryOutcome> HoldNextCall() =>
        _held = new TaskCompletionSource<DeliveryOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<DeliveryOutcome> SendAsync(NotificationRequest request, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _held, null) is { } held)
        {
            _calls.Enqueue(new ProviderCall(now(), request, null));
            return held.Task;
        }
        if (Script is not null)
        {
            _calls.Enqueue(new ProviderCall(now(), request, null));
            return Script(request);
        }
        var outcome = Down
            ? new DeliveryOutcome(DeliveryOutcomeKind.Retryable, "provider down")
            : new DeliveryOutcome(DeliveryOutcomeKind.Delivered, "ok");
        _calls.Enqueue(new ProviderCall(now(), request, outcome.Kind));
        return Task.FromResult(outcome);
    }

    /// <summary>One call as the provider saw it; <c>Outcome</c> is null for a held or scripted call.</summary>
    public sealed record ProviderCall(DateTimeOffset At, NotificationRequest Request, DeliveryOutcomeKind? Outcome);
}
