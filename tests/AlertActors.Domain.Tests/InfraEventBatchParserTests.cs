using System.Text;
using AlertActors.Domain.Events;
using static AlertActors.Domain.Tests.InfraEventParserTests;

namespace AlertActors.Domain.Tests;

/// <summary>
/// <see cref="InfraEventParser.ParseBatch"/>: a single object or an array of up to 1000 events, all or nothing, every
/// problem named by the item's index.
/// </summary>
public class InfraEventBatchParserTests
{
    [Fact]
    public void Batch_accepts_a_single_object()
    {
        var parsed = Batch(Minimal);

        Assert.True(parsed.IsValid);
        Assert.Equal("e1", Assert.Single(parsed.Events).Id);
    }

    [Fact]
    public void Batch_accepts_an_array_and_keeps_its_order()
    {
        var parsed = Batch(
            """
            [{"id":"a","source":"s","type":"t"},
             {"id":"b","source":"s","type":"t","severity":"high"},
             {"id":"c","source":"s","type":"t","action":"resolve"}]
            """
        );

        Assert.True(parsed.IsValid);
        Assert.Equal(["a", "b", "c"], parsed.Events.Select(e => e.Id));
        Assert.Equal(Severity.High, parsed.Events[1].Severity);
        Assert.Equal(EventAction.Resolve, parsed.Events[2].Action);
    }

    [Fact]
    public void Batch_with_any_invalid_item_yields_no_events_and_lists_every_problem_by_index()
    {
        var parsed = Batch(
            """
            [{"id":"a","source":"s","type":"t"},
             {"id":"b","source":"s","type":"t","severity":"urgent"},
             {"source":"s","type":"t","time":"soon"}]
            """
        );

        Assert.False(parsed.IsValid);
        Assert.Empty(parsed.Events);
        Assert.Equal(
            [
                "[1].severity: \"urgent\" is not one of critical, high, medium, low, info",
                "[2].id: is required",
                "[2].time: \"soon\" is not an RFC 3339 timestamp",
            ],
            parsed.Problems
        );
    }

    [Fact]
    public void Batch_item_that_is_not_an_object_is_reported_by_index()
    {
        var parsed = Batch($"[{Minimal}, 5, null]");

        Assert.Equal(
            ["[1]: an event must be a JSON object, not number", "[2]: an event must be a JSON object, not null"],
            parsed.Problems
        );
    }

    [Fact]
    public void Empty_batch_is_rejected()
    {
        Assert.Equal(["the array holds no event"], Batch("[]").Problems);
    }

    [Fact]
    public void Batch_of_1000_is_accepted_and_1001_is_rejected()
    {
        static string Items(int n) =>
            "["
            + string.Join(",", Enumerable.Range(0, n).Select(i => $$"""{"id":"e{{i}}","source":"s","type":"t"}"""))
            + "]";

        var thousand = Batch(Items(1000));
        Assert.True(thousand.IsValid);
        Assert.Equal(1000, thousand.Events.Count);

        Assert.Equal(["the array holds 1001 events; the limit is 1000"], Batch(Items(1001)).Problems);
    }

    [Fact]
    public void Batch_item_over_64_KiB_is_reported_by_index()
    {
        var big = Encoding.UTF8.GetString(EventOfSize(InfraEventParser.MaxEventBytes + 1));

        var parsed = Batch($"[{Minimal},{big}]");

        Assert.Empty(parsed.Events);
        Assert.Equal(["[1]: event is 65537 bytes; the limit is 65536"], parsed.Problems);
    }

    [Fact]
    public void Batch_single_object_over_64_KiB_is_rejected()
    {
        var parsed = InfraEventParser.ParseBatch(EventOfSize(InfraEventParser.MaxEventBytes + 1), ReceivedAt);

        Assert.False(parsed.IsValid);
        Assert.Empty(parsed.Events);
    }
}
