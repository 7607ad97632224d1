namespace AlertActors.TestSupport;

/// <summary>Polls a condition until it holds or a deadline passes. No fixed sleeps: it returns as soon as it
/// holds.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan within, string because)
    {
        var deadline = DateTime.UtcNow + within;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                last = ex;
            }
            await Task.Delay(Interval);
        }
        throw new TimeoutException(
            $"{because} (waited {within.TotalSeconds:0} s){(last is null ? "" : $"; last error: {last.Message}")}"
        );
    }

    /// <summary>Polls until <paramref name="value"/> gives something other than null, and returns it.</summary>
    public static async Task<T> HoldsAsync<T>(Func<Task<T?>> value, TimeSpan within, string because)
        where T : class
    {
        T? result = null;
        await HoldsAsync(async () => (result = await value()) is not null, within, because);
        return result!;
    }

    public static Task HoldsAsync(Func<bool> condition, TimeSpan within, string because) =>
        HoldsAsync(() => Task.FromResult(condition()), within, because);
}
