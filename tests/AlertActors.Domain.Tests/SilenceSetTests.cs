using System.Collections.Immutable;
using System.Text.Json;
using AlertActors.Domain.Silences;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

public class SilenceSetTests
{
    private static readonly AlertActors.Domain.Alerts.AlertState Alert = SilenceMatcherTests.Alert;

    private static Silence S(string id, int startMinute, int endMinute, params SilenceMatcher[] matchers) =>
        new(id, [.. matchers], At(startMinute), At(endMinute), "alice", "test");

    private static readonly SilenceMatcher SiteA = SilenceMatcher.Create("tenant", "=", "site-a");
    private static readonly SilenceMatcher Dns = SilenceMatcher.Create("type", "=~", @"dns\..*");
    private static readonly SilenceMatcher SiteB = SilenceMatcher.Create("tenant", "=", "site-b");

    private static SilenceSet SetOf(params Silence[] silences) => new([.. silences], 1);

    [Fact]
    public void Only_an_active_silence_whose_every_matcher_matches_applies()
    {
        var set = SetOf(S("both", 0, 60, SiteA, Dns), S("other-site", 0, 60, SiteB), S("half", 0, 60, SiteA, SiteB));
        Assert.Equal("both", set.ActiveFor(Alert, At(10))?.Id);
        Assert.Null(set.ActiveFor(Alert, At(-1)));
        Assert.Null(set.ActiveFor(Alert, At(60)));
    }

    [Fact]
    public void Of_several_matching_silences_the_one_ending_last_applies()
    {
        var set = SetOf(S("short", 0, 30, SiteA), S("long", 0, 120, Dns), S("pending", 20, 500, SiteA));
        Assert.Equal("long", set.ActiveFor(Alert, At(10))?.Id);
        Assert.Equal("pending", set.ActiveFor(Alert, At(25))?.Id);
    }

    [Fact]
    public void Status_follows_the_clock()
    {
        var silence = S("s", 10, 20, SiteA);
        Assert.Equal(SilenceStatus.Pending, silence.StatusAt(At(9)));
        Assert.Equal(SilenceStatus.Active, silence.StatusAt(At(10)));
        Assert.Equal(SilenceStatus.Expired, silence.StatusAt(At(20)));
    }

    [Fact]
    public void Created_and_expired_events_fold_into_the_set_with_their_version()
    {
        var set = SilenceSet
            .Empty.Apply(new SilenceJournalEvents.SilenceCreated(S("a", 0, 60, SiteA)), 1)
            .Apply(new SilenceJournalEvents.SilenceCreated(S("b", 30, 90, Dns)), 2)
            .Apply(new SilenceJournalEvents.SilenceExpired("a", At(5)), 3)
            .Apply(new SilenceJournalEvents.SilenceExpired("b", At(6)), 4);
        Assert.Equal(4, set.Version);
        Assert.Equal((At(0), At(5)), (set.Find("a")!.StartsAt, set.Find("a")!.EndsAt));
        // A pending silence that is expired never becomes active.
        Assert.Equal((At(6), At(6)), (set.Find("b")!.StartsAt, set.Find("b")!.EndsAt));
        Assert.Null(set.ActiveFor(Alert, At(40)));
        Assert.Equal(2, set.Count);
    }

    [Fact]
    public void Expiring_after_the_end_keeps_the_original_end()
    {
        var silence = S("a", 0, 60, SiteA);
        Assert.Same(silence, silence.ExpiredAt(At(61)));
    }

    [Fact]
    public void Silences_that_ended_before_the_cutoff_are_pruned()
    {
        var set = SetOf(S("old", 0, 10, SiteA), S("recent", 0, 100, SiteA), S("active", 0, 1000, SiteA));
        var pruned = set.Prune(At(50));
        Assert.Equal(["recent", "active"], pruned.Silences.Select(s => s.Id));
        Assert.Same(pruned, pruned.Prune(At(50)));
        Assert.Equal(set.Version, pruned.Version);
    }

    [Fact]
    public void Listing_shows_active_then_pending_then_expired()
    {
        var set = SetOf(
            S("expired-long-ago", 0, 5, SiteA),
            S("pending", 100, 200, SiteA),
            S("active-late", 0, 300, SiteA),
            S("expired-recently", 0, 40, SiteA),
            S("active-soon", 0, 60, SiteA)
        );
        Assert.Equal(
            ["active-soon", "active-late", "pending", "expired-recently", "expired-long-ago"],
            set.Ordered(At(50)).Select(s => s.Id)
        );
        Assert.Equal(["pending"], set.Ordered(At(50), SilenceStatus.Pending).Select(s => s.Id));
    }

    [Fact]
    public void A_set_survives_a_json_round_trip()
    {
        var set = SetOf(S("a", 0, 60, SiteA, Dns));
        var copy = JsonSerializer.Deserialize<SilenceSet>(JsonSerializer.Serialize(set))!;
        Assert.Equal(set, copy);
        Assert.Equal("a", copy.ActiveFor(Alert, At(1))?.Id);
        Assert.Empty(SilenceSet.Empty.Ordered(At(0)));
        Assert.Null(new SilenceSet(default, 0).ActiveFor(Alert, At(0)));
    }

    [Theory]
    [InlineData("2h", 120)]
    [InlineData("30m", 30)]
    [InlineData("1h30m", 90)]
    [InlineData("1d", 1440)]
    [InlineData("1w", 10080)]
    [InlineData("90s", 1.5)]
    public void Durations_read_like_amtool(string text, double minutes)
    {
        Assert.True(SilenceDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMinutes(minutes), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("h")]
    [InlineData("2 h")]
    [InlineData("-2h")]
    [InlineData("1.5h")]
    [InlineData("2y")]
    [InlineData("99999999999h")]
    public void Bad_durations_are_refused(string text) => Assert.False(SilenceDuration.TryParse(text, out _));

    [Fact]
    public void Durations_format_back() => Assert.Equal("1d2h3m", SilenceDuration.Format(new TimeSpan(1, 2, 3, 0)));

    [Fact]
    public void Silences_are_compared_by_value()
    {
        ImmutableArray<SilenceMatcher> matchers = [SilenceMatcher.Create("tenant", "=", "site-a")];
        Assert.Equal(
            new Silence("a", matchers, At(0), At(1), "x", "y"),
            new Silence("a", [SilenceMatcher.Create("tenant", "=", "site-a")], At(0), At(1), "x", "y")
        );
    }
}
