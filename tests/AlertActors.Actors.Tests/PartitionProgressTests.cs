using AlertActors.Ingest;

namespace AlertActors.Actors.Tests;

/// <summary>Per partition, only the contiguous run of finished messages is committable.</summary>
public class PartitionProgressTests
{
    [Fact]
    public void A_slow_message_holds_back_the_offsets_after_it_and_they_follow_once_it_finishes()
    {
        var progress = new PartitionProgress();
        var slow = new TaskCompletionSource();
        progress.Add(10, Task.CompletedTask);
        progress.Add(11, slow.Task);
        progress.Add(12, Task.CompletedTask);

        Assert.Equal(11, progress.TakeCommittable());
        Assert.Null(progress.TakeCommittable());
        Assert.Equal(2, progress.InFlight);

        slow.SetResult();
        Assert.Equal(13, progress.TakeCommittable());
        Assert.Equal(0, progress.InFlight);
    }

    [Fact]
    public void Cancelled_or_failed_work_never_becomes_committable()
    {
        var progress = new PartitionProgress();
        progress.Add(5, Task.FromCanceled(new CancellationToken(canceled: true)));
        progress.Add(6, Task.CompletedTask);

        Assert.Null(progress.TakeCommittable());
        Assert.Equal(2, progress.InFlight);
    }

    [Fact]
    public void Waiting_for_in_flight_work_is_bounded()
    {
        var progress = new PartitionProgress();
        var never = new TaskCompletionSource();
        progress.Add(1, never.Task);

        Assert.False(progress.WaitAll(TimeSpan.FromMilliseconds(50)));
        never.SetResult();
        Assert.True(progress.WaitAll(TimeSpan.FromSeconds(5)));
    }
}
