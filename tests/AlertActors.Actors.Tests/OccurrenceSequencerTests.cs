using System.Collections.Concurrent;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;
using AlertActors.Ingest;

namespace AlertActors.Actors.Tests;

/// <summary>
/// Per-key order on the way to the alert (found by the chaos bench: an ask lost with a killed node was retried after
/// later events of its key had been recorded, so a resolve overtook its trigger).
/// </summary>
public sealed class OccurrenceSequencerTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    /// <summary>A stand-in for the alert region: each send waits until the test answers it.</summary>
    private sealed class FakeAlerts
    {
        public BlockingCollection<(IOccurrenceEnvelope Command, TaskCompletionSource Answer)> Sent { get; } = new();

        public async Task<AlertReplies.OccurrenceAccepted> SendAsync(IOccurrenceEnvelope command)
        {
            var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Sent.Add((command, answer));
            await answer.Task;
            return new AlertReplies.OccurrenceAccepted(command.DedupKey, "", Duplicate: false);
        }

        public (IOccurrenceEnvelope Command, TaskCompletionSource Answer) Next()
        {
            Assert.True(Sent.TryTake(out var sent, Within), "nothing was sent");
            return sent;
        }

        public void NothingMore() =>
            Assert.False(
                Sent.TryTake(out var sent, TimeSpan.FromMilliseconds(200)),
                $"unexpected send: {Ids(sent.Command)}"
            );
    }

    [Fact]
    public async Task A_key_has_one_request_in_flight_and_what_waits_meanwhile_goes_next_as_one_batch_in_order()
    {
        var alerts = new FakeAlerts();
        var sequencer = new OccurrenceSequencer(alerts.SendAsync, attempts: 1);

        var first = sequencer.RecordAsync(Occurrence("k1", "a"), CancellationToken.None);
        var inFlight = alerts.Next();
        var later = new[] { "b", "c", "d" }
            .Select(id => sequencer.RecordAsync(Occurrence("k1", id), CancellationToken.None))
            .ToList();
        var otherKey = sequencer.RecordAsync(Occurrence("k2", "x"), CancellationToken.None);

        Assert.Equal("k2:x", Ids(alerts.Next().Command)); // another key is not held up
        alerts.NothingMore();
        Assert.Equal("k1:a", Ids(inFlight.Command));

        inFlight.Answer.SetResult();
        await first.WaitAsync(Within);
        var batch = alerts.Next();
        Assert.IsType<OccurrenceBatchEnvelope>(batch.Command);
        Assert.Equal("k1:b,c,d", Ids(batch.Command));
        Assert.All(later, t => Assert.False(t.IsCompleted));
        batch.Answer.SetResult();
        await Task.WhenAll(later).WaitAsync(Within);
        Assert.False(otherKey.IsCompleted);
    }

    [Fact]
    public async Task A_failed_request_is_retried_before_anything_after_it_and_after_the_last_attempt_its_occurrences_fail()
    {
        var alerts = new FakeAlerts();
        var retries = new ConcurrentQueue<int>();
        var sequencer = new OccurrenceSequencer(
            alerts.SendAsync,
            attempts: 2,
            (_, attempt, _) => retries.Enqueue(attempt)
        );

        var trigger = sequencer.RecordAsync(Occurrence("k1", "trigger"), CancellationToken.None);
        var lost = alerts.Next();
        var resolve = sequencer.RecordAsync(Occurrence("k1", "resolve"), CancellationToken.None);
        lost.Answer.SetException(new TimeoutException("ask lost with a dead node"));

        var retry = alerts.Next();
        Assert.Equal("k1:trigger", Ids(retry.Command)); // not the resolve
        retry.Answer.SetException(new TimeoutException("still lost"));
        var failure = await Assert.ThrowsAsync<TimeoutException>(() => trigger.WaitAsync(Within));
        Assert.Equal("still lost", failure.Message);
        Assert.Equal([1], retries);

        var next = alerts.Next();
        Assert.Equal("k1:resolve", Ids(next.Command));
        next.Answer.SetResult();
        await resolve.WaitAsync(Within);
    }

    [Fact]
    public async Task Beyond_the_in_flight_bound_requests_wait_unsent_so_no_ask_timeout_runs_for_them()
    {
        var alerts = new FakeAlerts();
        var sequencer = new OccurrenceSequencer(alerts.SendAsync, attempts: 1, maxInFlight: 2);

        var recorded = Enumerable
            .Range(0, 3)
            .Select(i => sequencer.RecordAsync(Occurrence($"k{i}", "a"), CancellationToken.None))
            .ToList();
        var first = alerts.Next();
        var second = alerts.Next();
        alerts.NothingMore();

        first.Answer.SetResult();
        var third = alerts.Next();
        second.Answer.SetResult();
        third.Answer.SetResult();
        await Task.WhenAll(recorded).WaitAsync(Within);
        Assert.Equal(["k0:a", "k1:a", "k2:a"], new[] { first, second, third }.Select(s => Ids(s.Command)).Order());
    }

    private static string Ids(IOccurrenceEnvelope command) =>
        command switch
        {
            OccurrenceEnvelope one => $"{one.DedupKey}:{one.Occurrence.EventId}",
            OccurrenceBatchEnvelope many =>
                $"{many.DedupKey}:{string.Join(',', many.Occurrences.Select(o => o.Occurrence.EventId))}",
            _ => "?",
        };

    private static OccurrenceEnvelope Occurrence(string key, string eventId) =>
        new(
            key,
            new Occurrence(
                eventId,
                new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero),
                EventAction.Trigger,
                Severity.Critical,
                "summary",
                "source",
                "type",
                "subject",
                "default",
                "default",
                ["pagerduty"],
                Details: null,
                AlertPolicy.Default
            )
        );
}
