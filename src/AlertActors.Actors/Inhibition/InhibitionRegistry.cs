using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Inhibition;
using static AlertActors.Domain.Inhibition.InhibitionCommands;

namespace AlertActors.Actors.Inhibition;

/// <summary>
/// The cluster's set of firing inhibition sources (a cluster singleton; not persistent: the alerts' own journals are
/// the record). At start, and every <see cref="InhibitionSettings.ReloadInterval"/>, it rebuilds the set from the read
/// store's firing alerts (so it survives restarts and heals a registration lost in transit); between loads alert
/// entities register and unregister as they begin and stop firing (<see cref="RegisterSource"/>). The latest
/// registration of each alert from the last two reload intervals is laid over every load, so a read store that lags
/// behind the journal neither drops a new source nor brings back a resolved one. After every change it publishes the
/// whole <see cref="InhibitionSources"/> on <see cref="Topic"/>; it answers <see cref="GetInhibitionSources"/> only
/// once loaded, so no node takes "none" for "not known yet".
/// </summary>
public sealed class InhibitionRegistry : ReceiveActor, IWithTimers
{
    public const string Topic = "alertactors-inhibition";

    private readonly IActorRef _mediator;
    private readonly InhibitRules _rules;
    private readonly Func<CancellationToken, Task<IReadOnlyList<AlertState>>> _loadFiring;
    private readonly InhibitionSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, (ImmutableArray<InhibitionKey> Keys, DateTimeOffset At)> _recent = new(
        StringComparer.Ordinal
    );
    private InhibitionSources _sources = InhibitionSources.Empty;
    private long _version;
    private bool _loaded;
    private bool _loading;

    /// <param name="mediator">Where <c>Publish(Topic, set)</c> goes: the DistributedPubSub mediator (a probe in
    /// tests).</param>
    /// <param name="loadFiring">The firing (and acknowledged) alerts of the read store.</param>
    public InhibitionRegistry(
        IActorRef mediator,
        InhibitRules rules,
        Func<CancellationToken, Task<IReadOnlyList<AlertState>>> loadFiring,
        InhibitionSettings settings
    )
    {
        _mediator = mediator;
        _rules = rules;
        _loadFiring = loadFiring;
        _settings = settings;
        // Versions start from the clock, so a registry that took over from another one publishes newer sets.
        _version = Now.UtcTicks;

        Receive<RegisterSource>(Register);
        Receive<GetInhibitionSources>(_ =>
        {
            if (_loaded)
                Sender.Tell(_sources);
        });
        Receive<Reload>(_ => StartLoad());
        Receive<Loaded>(OnLoaded);
        Receive<LoadFailed>(failed =>
        {
            _loading = false;
            _log.Warning(
                "Loading the firing alerts for inhibition failed (retried in {0}): {1}",
                _settings.ReloadInterval,
                failed.Cause.Message
            );
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(
        IActorRef mediator,
        InhibitRules rules,
        Func<CancellationToken, Task<IReadOnlyList<AlertState>>> loadFiring,
        InhibitionSettings settings
    ) => Akka.Actor.Props.Create(() => new InhibitionRegistry(mediator, rules, loadFiring, settings));

    protected override void PreStart()
    {
        if (_rules.IsEmpty)
        {
            // Nothing can be a source: the empty set is known at once, and the read store is never read.
            _loaded = true;
            Publish();
            return;
        }
        StartLoad();
        Timers.StartPeriodicTimer(nameof(Reload), Reload.Instance, _settings.ReloadInterval);
    }

    private void Register(RegisterSource registration)
    {
        _recent[registration.DedupKey] = (registration.Keys, Now);
        Change(_sources.With(registration.DedupKey, registration.Keys, _version + 1));
    }

    private void StartLoad()
    {
        if (_loading)
            return;
        _loading = true;
        _loadFiring(CancellationToken.None)
            .PipeTo(Self, success: alerts => new Loaded(alerts), failure: ex => new LoadFailed(ex));
    }

    private void OnLoaded(Loaded loaded)
    {
        _loading = false;
        var window = Now - _settings.ReloadInterval - _settings.ReloadInterval;
        foreach (var stale in _recent.Where(pair => pair.Value.At < window).Select(pair => pair.Key).ToList())
            _recent.Remove(stale);
        var sources = ImmutableDictionary.CreateBuilder<string, ImmutableArray<InhibitionKey>>(StringComparer.Ordinal);
        foreach (var alert in loaded.Alerts)
        {
            var keys = _rules.SourceKeysOf(alert);
            if (!keys.IsEmpty)
                sources[alert.DedupKey] = keys;
        }
        var set = new InhibitionSources(sources.ToImmutable(), _sources.Version);
        foreach (var (dedupKey, (keys, _)) in _recent)
            set = set.With(dedupKey, keys, set.Version);
        var first = !_loaded;
        _loaded = true;
        if (first || !set.SameSourcesAs(_sources))
            Change(set with { Version = _version + 1 }, force: true);
    }

    private void Change(InhibitionSources set, bool force = false)
    {
        if (!force && ReferenceEquals(set, _sources))
            return;
        _version = Math.Max(_version + 1, set.Version);
        _sources = set with { Version = _version };
        if (_loaded)
            Publish();
    }

    private void Publish() => _mediator.Tell(new Publish(Topic, _sources));

    private sealed class Reload
    {
        public static readonly Reload Instance = new();
    }

    private sealed record Loaded(IReadOnlyList<AlertState> Alerts);

    private sealed record LoadFailed(Exception Cause);
}
