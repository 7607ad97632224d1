using AlertActors.Actors.Delivery;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The per-routing-key limit on the actor's clock: without a limit every call gets a permit at once (the library's
/// no-limit limiter); over the limit a call waits, oldest first, until a permit is at least a minute old; a wait ended
/// by disposal gets a lease that is not acquired.
/// </summary>
public sealed class RoutingKeyRateLimiterTests
{
    [Fact]
    public async Task Without_a_limit_every_call_gets_a_permit_at_once()
    {
        using var limiter = new RoutingKeyRateLimiter(0);

        for (var i = 0; i < 1000; i++)
        {
            using var lease = await limiter.AcquireAsync("key");
            Assert.True(lease.IsAcquired);
        }
        Assert.Equal(0, limiter.Queued);
    }

    [Fact]
    public async Task Over_the_limit_a_call_waits_until_a_permit_is_a_minute_old_and_other_keys_do_not_wait()
    {
        using var limiter = new RoutingKeyRateLimiter(2);
        (await limiter.AcquireAsync("a")).Dispose();
        (await limiter.AcquireAsync("a")).Dispose();

        var third = limiter.AcquireAsync("a").AsTask();
        Assert.True((await limiter.AcquireAsync("b")).IsAcquired);
        Assert.Equal(1, limiter.Queued);

        for (var i = 0; i < RoutingKeyRateLimiter.SegmentsPerMinute; i++)
            Slide(limiter);
        Assert.False(third.IsCompleted);
        Slide(limiter);
        Assert.True(third.IsCompletedSuccessfully);
        Assert.True((await third).IsAcquired);
    }

    [Fact]
    public async Task A_wait_ended_by_disposal_gets_a_lease_that_is_not_acquired()
    {
        var limiter = new RoutingKeyRateLimiter(1);
        (await limiter.AcquireAsync("a")).Dispose();
        var waiting = limiter.AcquireAsync("a").AsTask();

        limiter.Dispose();

        Assert.False((await waiting).IsAcquired);
    }

    /// <summary>The library's window counts ticks: a slide needs more than one tick of wall time since the
    /// last.</summary>
    private static void Slide(RoutingKeyRateLimiter limiter)
    {
        var after = DateTime.UtcNow.Ticks + 2;
        SpinWait.SpinUntil(() => DateTime.UtcNow.Ticks > after);
        limiter.Slide();
    }
}
