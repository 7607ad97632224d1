using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using AlertActors.Actors.Delivery;
using AlertActors.Actors.Telemetry;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Hosting;
using AlertActors.Notifications;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>What the provider supervisor records in <see cref="AlertActorsMetrics"/>: outcomes, call latency, breaker
/// transitions.</summary>
public sealed class DeliveryMetricsSpec : TestKit
{
    private const string Provider = "flaky";
    private readonly AlertActorsMetrics _metrics = new(null);
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, IReadOnlyDictionary<string, string> Tags, double Value)> _measured =
        new();

    public DeliveryMetricsSpec()
        : base(AlertEntityTestConfig.LoadedMachineWaits)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _metrics.Meter))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    [Fact]
    public void Outcomes_latency_and_breaker_transitions_are_counted_per_provider()
    {
        var provider = new FlakyProvider();
        var supervisor = Sys.ActorOf(
            ProviderSupervisor.Props(
                provider,
                new DeliverySettings
                {
                    BreakerMaxFailures = 2,
                    BreakerResetTimeout = TimeSpan.FromMinutes(5),
                    CallTimeout = TimeSpan.FromSeconds(10),
                    RateLimitsPerMinute = new Dictionary<string, int> { [Provider] = 0 },
                },
                new BreakerStateRegistry(),
                _metrics
            )
        );

        supervisor.Tell(DeliverOf(1));
        Assert.Equal(DeliveryOutcomeKind.Delivered, ExpectMsg<Attempted>().Outcome.Kind);
        provider.Down = true;
        for (var number = 2; number <= 4; number++) // the second failure opens the breaker: number 4 fails fast, no call
        {
            supervisor.Tell(DeliverOf(number));
            Assert.Equal(DeliveryOutcomeKind.Retryable, ExpectMsg<Attempted>().Outcome.Kind);
        }

        Assert.Equal(1, Sum("alertactors_notifications", ("provider", Provider), ("outcome", "delivered")));
        Assert.Equal(3, Sum("alertactors_notifications", ("provider", Provider), ("outcome", "retryable")));
        Assert.Equal(3, Count("alertactors_delivery_duration", ("provider", Provider)));
        Assert.Equal(1, Sum("alertactors_breaker_transitions", ("provider", Provider), ("to", "open")));
        Assert.Equal(0, Sum("alertactors_breaker_transitions", ("provider", Provider), ("to", "closed")));
    }

    [Fact]
    public void Breaker_states_map_to_gauge_values_that_grow_with_trouble()
    {
        Assert.Equal(0, AlertActorsMetrics.GaugeValue(BreakerStatus.Closed));
        Assert.Equal(1, AlertActorsMetrics.GaugeValue(BreakerStatus.HalfOpen));
        Assert.Equal(2, AlertActorsMetrics.GaugeValue(BreakerStatus.Open));
        Assert.Equal("weakly_up", AlertActorsMetricsService.MemberStatusName(Akka.Cluster.MemberStatus.WeaklyUp));
        Assert.Equal("up", AlertActorsMetricsService.MemberStatusName(Akka.Cluster.MemberStatus.Up));
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new Dictionary<string, string>();
        foreach (var tag in tags)
            labels[tag.Key] = tag.Value?.ToString() ?? "";
        _measured.Enqueue((instrument.Name, labels, value));
    }

    private IEnumerable<double> Matching(string name, (string Key, string Value)[] labels) =>
        _measured
            .Where(m => m.Name == name && labels.All(l => m.Tags.GetValueOrDefault(l.Key) == l.Value))
            .Select(m => m.Value);

    private double Sum(string name, params (string Key, string Value)[] labels) => Matching(name, labels).Sum();

    private int Count(string name, params (string Key, string Value)[] labels) => Matching(name, labels).Count();

    private static Deliver DeliverOf(long number) =>
        new(
            number,
            Provider,
            new NotificationRequest(
                "k-1",
                NotificationAction.Trigger,
                number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Severity.Critical,
                "test",
                "link.down",
                "sw1",
                "site-a",
                DateTimeOffset.UnixEpoch,
                Details: null
            )
        );

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _listener.Dispose();
            _metrics.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class FlakyProvider : INotificationProvider
    {
        public volatile bool Down;

        public string Name => Provider;

        public bool IsDryRun(NotificationRequest request) => false;

        public Task<DeliveryOutcome> SendAsync(NotificationRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(
                Down
                    ? new DeliveryOutcome(DeliveryOutcomeKind.Retryable, "down")
                    : new DeliveryOutcome(DeliveryOutcomeKind.Delivered)
            );
    }
}
