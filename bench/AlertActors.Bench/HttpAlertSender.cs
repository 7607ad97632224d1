using System.Diagnostics;
using System.Net.Http.Headers;

namespace AlertActors.Bench;

/// <summary>
/// Posts alerts over HTTP/1.1 keep-alive connections. Burst: batches of <c>batch</c> alerts (bodies built before the
/// clock starts), <c>connections</c> requests in flight, each connection taking the next batch when its answer
/// came. Paced: one alert per request, sent on schedule whatever is still in flight (up to
/// <c>pacedConnections</c> connections; beyond them requests queue in the client, and that wait counts as latency).
/// A failed request (non-2xx, network) is retried up to three times (the same event ids: safe on both systems).
/// </summary>
public sealed class HttpAlertSender(
    Uri baseAddress,
    string path,
    Func<LoadPhase, int, int, byte[]> body,
    int batch,
    int connections,
    int pacedConnections
) : IAlertSender
{
    private readonly HttpClient _burst = Client(baseAddress, connections);
    private readonly HttpClient _paced = Client(baseAddress, pacedConnections);

    private static HttpClient Client(Uri baseAddress, int connections) =>
        new(
            new SocketsHttpHandler
            {
                MaxConnectionsPerServer = connections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
                UseProxy = false,
            }
        )
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(10), // paced requests may queue for a connection behind a slow system
        };

    public string Describe(string endpoint) =>
        $"{endpoint}: burst in batches of {batch} over {connections} keep-alive connections; paced one alert per request (≤ {pacedConnections} connections)";

    public async Task BurstAsync(LoadPhase phase)
    {
        var bodies = Enumerable
            .Range(0, (phase.Count + batch - 1) / batch)
            .Select(b => (Start: b * batch, Count: Math.Min(batch, phase.Count - b * batch)))
            .Select(b => (b.Start, b.Count, Body: body(phase, b.Start, b.Count)))
            .ToArray();
        var next = -1;
        await Task.WhenAll(
            Enumerable
                .Range(0, connections)
                .Select(async _ =>
                {
                    await Task.Yield();
                    while (Interlocked.Increment(ref next) is var b && b < bodies.Length)
                    {
                        var (start, count, content) = bodies[b];
                        var now = Stopwatch.GetTimestamp();
                        for (var i = start; i < start + count; i++)
                            phase.Sent[i] = now;
                        await PostAsync(_burst, phase, content);
                    }
                })
        );
    }

    public async Task PacedAsync(LoadPhase phase, int perSecond)
    {
        var bodies = Enumerable.Range(0, phase.Count).Select(i => body(phase, i, 1)).ToArray();
        var requests = new List<Task>(phase.Count);
        var start = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < phase.Count)
        {
            var due = (int)Math.Min(phase.Count, Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond + 1);
            for (; next < due; next++)
            {
                phase.Sent[next] = Stopwatch.GetTimestamp();
                requests.Add(PostAsync(_paced, phase, bodies[next]));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(requests);
    }

    private async Task PostAsync(HttpClient client, LoadPhase phase, byte[] content)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new ByteArrayContent(content);
                request.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync(path, request);
                if (response.IsSuccessStatusCode)
                    return;
                if (attempt >= 3)
                {
                    Console.Error.WriteLine(
                        $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
                    );
                    Interlocked.Increment(ref phase.SendErrors);
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                if (attempt >= 3)
                {
                    Console.Error.WriteLine($"POST {path}: {ex.Message}");
                    Interlocked.Increment(ref phase.SendErrors);
                    return;
                }
            }
            Interlocked.Increment(ref phase.Retries);
            await Task.Delay(100 * attempt);
        }
    }

    public ValueTask DisposeAsync()
    {
        _burst.Dispose();
        _paced.Dispose();
        return ValueTask.CompletedTask;
    }
}
