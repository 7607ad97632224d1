using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AlertActors.Bench;

/// <summary>
/// One outage as a storm: <see cref="Alerts"/> node-down alerts (host <c>host-i</c>) spread over <see cref="Groups"/>
/// sites (<c>site-(i mod groups)</c>), sent evenly over <see cref="Seconds"/> in one batch per 100 ms tick. The same
/// alerts, in the same batches, go to Alertmanager (<c>POST /api/v2/alerts</c>, labels alertname, site, instance,
/// severity) and to AlertActors (<c>POST /api/v1/events</c>, CloudEvents of type <see cref="Type"/> with
/// <c>data.site</c>).
/// </summary>
public sealed record StormLoad(int Alerts, int Groups, int Seconds, int WaitSeconds)
{
    /// <summary>The AlertActors event type the storm's rule matches.</summary>
    public const string Type = "bench.node.down";

    /// <summary>How often a batch leaves: every 100 ms.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    public static StormLoad From(BenchArgs args) =>
        new(
            args.Int("--alerts", 200, 1000),
            args.Int("--groups", 5, 5),
            args.Int("--seconds", 2, 10),
            args.Int("--wait", 2, 5)
        );

    public string Describe =>
        $"{Alerts} node-down alerts over {Seconds} s from {Groups} sites (one batch per {Tick.TotalMilliseconds:0} ms), grouped by site, group wait {WaitSeconds} s, group interval 5 m";

    /// <summary>Alertmanager's route for the storm: grouped by alertname and site, as the AlertActors rule
    /// is.</summary>
    public string AlertmanagerConfig(Uri webhook) =>
        $"""
            global:
              resolve_timeout: 5m
            route:
              receiver: sink
              group_by: ['alertname', 'site']
              group_wait: {WaitSeconds}s
              group_interval: 5m
              repeat_interval: 4h
            receivers:
              - name: sink
                webhook_configs:
                  - url: {webhook}
                    send_resolved: false
                    max_alerts: 0
            """;

    /// <summary>The AlertActors rule for the storm: the same grouping (the site), PagerDuty only.</summary>
    public string AlertActorsHocon =>
        $$"""
            alertactors.defaults.providers = [pagerduty]
            alertactors.rules = [
              {
                name = node-down
                match { all = [ { field = type, op = eq, value = "{{Type}}" } ] }
                severity = critical
                dedup-key = "{tenant}:node-down:{subject}"
                summary = "{subject} is down"
                group { by = ["data.site"], wait = {{WaitSeconds}}s, interval = 5m }
              }
            ]
            """;

    public string Site(int i) => "site-" + (i % Groups).ToString(CultureInfo.InvariantCulture);

    /// <summary>Alertmanager's API v2 body for alerts <paramref name="from"/>..: the site doubles as the anchor sink's
    /// <c>probe</c> label, so the sink records when each group's first notification arrived.</summary>
    public byte[] AlertmanagerBody(int from, int count, DateTimeOffset now) =>
        Encoding.UTF8.GetBytes(
            "["
                + string.Join(
                    ',',
                    Enumerable
                        .Range(from, count)
                        .Select(i =>
                            $$$"""{"labels":{"alertname":"NodeDown","site":"{{{Site(i)}}}","instance":"host-{{{i}}}","severity":"critical","probe":"{{{Site(i)}}}"},"annotations":{"summary":"host-{{{i}}} is down"},"startsAt":"{{{now:O}}}"}"""
                        )
                )
                + "]"
        );

    /// <summary>AlertActors' events body for alerts <paramref name="from"/>..: one CloudEvent each.</summary>
    public byte[] EventsBody(int from, int count) =>
        Encoding.UTF8.GetBytes(
            "["
                + string.Join(
                    ',',
                    Enumerable
                        .Range(from, count)
                        .Select(i =>
                            $$$"""{"specversion":"1.0","id":"storm-{{{i}}}","source":"bench/storm","type":"{{{Type}}}","subject":"host-{{{i}}}","severity":"critical","data":{"site":"{{{Site(i)}}}"}}"""
                        )
                )
                + "]"
        );

    /// <summary>
    /// Sends the storm through <paramref name="post"/> (start index, count) on the tick; returns when the storm
    /// started (<see cref="Stopwatch"/> timestamp and wall clock). Every batch must be accepted.
    /// </summary>
    /// <exception cref="InvalidOperationException">A batch was refused.</exception>
    public async Task<(long Started, DateTimeOffset StartedAt)> SendAsync(Func<int, int, Task<bool>> post)
    {
        var ticks = Math.Max(1, (int)(Seconds * 1000 / Tick.TotalMilliseconds));
        var (started, startedAt) = (Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);
        var sent = 0;
        for (var tick = 0; tick < ticks; tick++)
        {
            var until = (int)((long)Alerts * (tick + 1) / ticks);
            if (until > sent && !await post(sent, until - sent))
                throw new InvalidOperationException($"a batch of alerts {sent}..{until - 1} was refused");
            sent = until;
            var next = TimeSpan.FromTicks(Tick.Ticks * (tick + 1)) - Stopwatch.GetElapsedTime(started);
            if (next > TimeSpan.Zero)
                await Task.Delay(next);
        }
        return (started, startedAt);
    }
}
