using System.Text.Json;
using Akka.Actor;
using AlertActors.Actors.Alerts;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using AlertActors.Projection;

namespace AlertActors.Actors.Tests;

/// <summary>
/// A journal written by an earlier version (GoldenJournal/f2d64ce: one event per journal row, CLR type names as
/// manifests, tags, snapshots, remember-entities rows, an alert list without due times) still recovers with this
/// version: every alert comes back as that version showed it, and the alert list's due index is filled in from the
/// stored states. (A whole node on that journal, its projection rebuilding the list through <c>AllEvents</c>:
/// GoldenJournalNodeTests.)
/// </summary>
public sealed class GoldenJournalTests : SqliteJournalSpec
{
    private const string Fixture = "GoldenJournal/f2d64ce";
    private readonly AlertReadStore _store;

    public GoldenJournalTests()
        : base(CopyOfFixture)
    {
        _store = new AlertReadStore(SettingsReader.Read(Sys.Settings.Config).Persistence);
    }

    public static TheoryData<string> Alerts() => [.. AlertFiles()];

    private static IEnumerable<string> AlertFiles() =>
        Directory
            .GetFiles(Path.Combine(AppContext.BaseDirectory, Fixture, "expected"), "*.json")
            .Select(path => Path.GetFileNameWithoutExtension(path)!)
            .Order();

    [Theory]
    [MemberData(nameof(Alerts))]
    public void Every_alert_of_the_old_journal_recovers_as_that_version_showed_it(string file)
    {
        var expected = Expected(file);
        var key = expected.GetProperty("dedup_key").GetString()!;
        var entity = Sys.ActorOf(
            AlertEntity.Props(key, CreateTestProbe().Ref, new AlertEntitySettings(), NoSilences.Instance)
        );

        entity.Tell(new AlertCommands.GetAlert(key));
        var state = ExpectMsg<AlertReplies.AlertView>().State;

        AssertSameAlert(expected, state);
    }

    [Fact]
    public async Task The_old_alert_list_gains_the_due_index_filled_in_from_each_rows_state()
    {
        await _store.EnsureSchemaAsync();

        var due = await _store.ListDueAsync(null, DateTimeOffset.MaxValue.AddYears(-1), 100);

        // Open alerts have an auto-resolve 30 minutes after their last occurrence; the resolved and the change-only
        // ones none.
        var open = AlertFiles()
            .Select(Expected)
            .Where(a => a.GetProperty("status").GetString() is "firing" or "acknowledged" or "pending")
            .ToDictionary(
                a => a.GetProperty("dedup_key").GetString()!,
                a => a.GetProperty("last_seen").GetDateTimeOffset()
            );
        Assert.Equal(open.Keys.Order(), due.Select(d => d.DedupKey).Order());
        Assert.All(due, d => Assert.True(d.DueAt <= open[d.DedupKey].AddMinutes(30), $"{d.DedupKey} due {d.DueAt}"));
    }

    /// <summary>
    /// The recovered state against what the old version's API showed. An open alert whose auto-resolve fell due since
    /// the fixture was written is resolved on recovery (its timer fires at once), so it may show that one resolve more.
    /// </summary>
    private static void AssertSameAlert(JsonElement expected, AlertState state, bool timersMayHaveFired = true)
    {
        string? Text(string name) => expected.TryGetProperty(name, out var value) ? value.GetString() : null;
        Assert.Equal(
            (
                Text("severity"),
                Text("summary"),
                Text("tenant"),
                Text("source"),
                Text("type"),
                Text("subject"),
                Text("rule")
            ),
            (
                state.Severity.ToString().ToLowerInvariant(),
                state.Summary,
                state.Tenant,
                state.Source,
                state.Type,
                state.Subject,
                state.Rule
            )
        );
        Assert.Equal(expected.GetProperty("occurrences").GetInt64(), state.Occurrences);
        Assert.Equal(expected.GetProperty("suppressed").GetInt64(), state.Suppressed);
        Assert.Equal(expected.GetProperty("firing_period").GetInt32(), state.FiringPeriod);
        Assert.Equal(expected.GetProperty("first_seen").GetDateTimeOffset(), state.FirstSeen);
        Assert.Equal(expected.GetProperty("last_seen").GetDateTimeOffset(), state.LastSeen);
        Assert.Equal(Text("acknowledged_by"), state.AcknowledgedBy);
        Assert.True(JsonElement.DeepEquals(expected.GetProperty("details"), state.Details!.Value), "details differ");

        var status = Text("status")!;
        var autoResolved =
            timersMayHaveFired
            && status != "resolved"
            && state.Status == AlertStatus.Resolved
            && state.ResolvedBy == AlertState.AutoResolver;
        if (!autoResolved)
        {
            Assert.Equal(status, state.Status.ToString().ToLowerInvariant());
            Assert.Equal(Text("resolved_by"), state.ResolvedBy);
        }

        var timeline = expected.GetProperty("timeline").EnumerateArray().ToList();
        Assert.True(state.Timeline.Count >= timeline.Count);
        foreach (var (entry, actual) in timeline.Zip(state.Timeline))
        {
            Assert.Equal(entry.GetProperty("at").GetDateTimeOffset(), actual.At);
            Assert.Equal(
                (
                    entry.GetProperty("change").GetString(),
                    entry.TryGetProperty("by", out var by) ? by.GetString() : null
                ),
                (actual.Change, actual.By)
            );
        }
        Assert.Equal(autoResolved ? timeline.Count + 1 : timeline.Count, state.Timeline.Count);

        var deliveries = expected.GetProperty("deliveries").EnumerateArray().ToList();
        foreach (var (delivery, actual) in deliveries.Zip(state.Deliveries))
        {
            Assert.Equal(
                (
                    delivery.GetProperty("id").GetInt64(),
                    delivery.GetProperty("provider").GetString(),
                    delivery.GetProperty("action").GetString(),
                    delivery.GetProperty("status").GetString(),
                    delivery.GetProperty("attempts").GetInt32(),
                    delivery.GetProperty("created_at").GetDateTimeOffset()
                ),
                (
                    actual.Number,
                    actual.Provider,
                    actual.Request.Action.ToString().ToLowerInvariant(),
                    actual.Status.ToName(),
                    actual.Attempts,
                    actual.CreatedAt
                )
            );
        }
        Assert.True(state.Deliveries.Count >= deliveries.Count);
    }

    private static JsonElement Expected(string file) =>
        JsonDocument
            .Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, Fixture, "expected", file + ".json")))
            .RootElement.Clone();

    /// <summary>A fresh directory holding a copy of the fixture's database (tests change it).</summary>
    private static string CopyOfFixture()
    {
        var directory = AlertEntityTestConfig.NewDirectory();
        File.Copy(
            Path.Combine(AppContext.BaseDirectory, Fixture, "alertactors.db"),
            Path.Combine(directory, "alertactors.db")
        );
        return directory;
    }
}
