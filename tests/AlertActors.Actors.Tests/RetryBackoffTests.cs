using AlertActors.Actors.Alerts;
using AlertActors.Configuration;

namespace AlertActors.Actors.Tests;

public class RetryBackoffTests
{
    private readonly AlertEntitySettings _settings = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromMinutes(5),
    };

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 8)]
    [InlineData(20, 300)]
    public void Backoff_doubles_per_attempt_up_to_the_maximum(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), _settings.DelayFor(attempts, retryAfter: null));

    [Fact]
    public void Jitter_spreads_the_delay_by_twenty_percent_either_way()
    {
        Assert.Equal(TimeSpan.FromSeconds(6.4), _settings.DelayFor(3, null, jitter: 0));
        Assert.True(_settings.DelayFor(3, null, jitter: 0.999) < TimeSpan.FromSeconds(9.6));
    }

    [Fact]
    public void Retry_after_from_the_provider_is_never_cut_short() =>
        Assert.Equal(TimeSpan.FromSeconds(42), _settings.DelayFor(0, TimeSpan.FromSeconds(42), jitter: 0.999));
}
