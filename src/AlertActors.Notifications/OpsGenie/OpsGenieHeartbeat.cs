using System.Net.Http.Headers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications.OpsGenie;

/// <summary>
/// Pings <c>GET {endpoint}/v2/heartbeats/{name}/ping</c> with the API key at start and then every
/// interval, so OpsGenie raises its own alert when AlertActors stops. A failed ping is logged (without the
/// key) and the next one is tried on schedule; nothing is ever thrown to the host.
/// </summary>
public sealed class OpsGenieHeartbeat(
    HttpClient http,
    OpsGenieOptions options,
    TimeProvider time,
    ILogger<OpsGenieHeartbeat> logger
) : BackgroundService
{
    /// <summary>The ping path relative to the endpoint.</summary>
    public static string PathOf(string name) => $"v2/heartbeats/{Uri.EscapeDataString(name)}/ping";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.HeartbeatEnabled)
            return;
        var interval = options.HeartbeatInterval > TimeSpan.Zero ? options.HeartbeatInterval : TimeSpan.FromMinutes(1);
        logger.LogInformation(
            "OpsGenie heartbeat {Heartbeat} pinged every {Interval}",
            options.HeartbeatName,
            interval
        );
        try
        {
            using var timer = new PeriodicTimer(interval, time);
            do
            {
                await PingAsync(stoppingToken).ConfigureAwait(false);
            } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>One ping; true when OpsGenie answered 2xx.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.AttemptTimeout);
            using var request = new HttpRequestMessage(
                HttpMethod.Get,
                new Uri(options.Endpoint, PathOf(options.HeartbeatName))
            );
            request.Headers.Authorization = new AuthenticationHeaderValue("GenieKey", options.ApiKey);
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
                return true;
            logger.LogWarning(
                "OpsGenie heartbeat {Heartbeat} ping answered HTTP {Status}",
                options.HeartbeatName,
                (int)response.StatusCode
            );
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("OpsGenie heartbeat {Heartbeat} ping failed: {Error}", options.HeartbeatName, ex.Message);
        }
        return false;
    }
}
