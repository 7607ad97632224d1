using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using AlertActors.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AlertActors.Bench;

/// <summary>
/// A fast PagerDuty + OpsGenie stand-in on loopback (Kestrel, no mock framework in the hot path). It timestamps
/// every accepted call with <see cref="Stopwatch.GetTimestamp"/> (same clock as the producer in this process) and
/// can misbehave on purpose: answer 5xx or 429, or refuse connections (listener stopped, same port kept).
/// </summary>
public sealed class ProviderStub : IAsyncDisposable
{
    public const string RoutingKey = "bench-routing-key-0123456789abcdef";
    public const string ApiKey = "bench-genie-key-0123456789abcdef";

    private readonly int _port = NodeProcess.FreePort();
    private WebApplication? _app;

    private ProviderStub() { }

    public enum Behaviour
    {
        Accept,
        ServerError,
        TooManyRequests,
    }

    /// <summary>One call the stub accepted (2xx): provider (pagerduty|opsgenie), action (trigger, acknowledge, resolve,
    /// …), dedup key or alias.</summary>
    public sealed record Arrival(string Provider, string Action, string Key, long Timestamp);

    public Behaviour Mode { get; set; } = Behaviour.Accept;

    public string Url => $"http://127.0.0.1:{_port}";

    /// <summary>Accepted calls in arrival order.</summary>
    public ConcurrentQueue<Arrival> Arrivals { get; } = new();

    /// <summary>Calls answered with an error on purpose (5xx or 429).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    private long _rejected;

    /// <summary>HOCON pointing the node's providers at this stub with keys set (not dry-run) and no rate
    /// limit.</summary>
    public string Hocon =>
        $$"""
            alertactors.pagerduty { endpoint = "{{Url}}", routing-key = "{{RoutingKey}}", rate-limit-per-minute = 0 }
            alertactors.opsgenie { endpoint = "{{Url}}", api-key = "{{ApiKey}}", rate-limit-per-minute = 0 }
            """;

    public static async Task<ProviderStub> StartAsync()
    {
        var stub = new ProviderStub();
        await stub.AcceptConnectionsAsync();
        return stub;
    }

    /// <summary>Connections are refused until <see cref="AcceptConnectionsAsync"/>.</summary>
    public async Task RefuseConnectionsAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async Task AcceptConnectionsAsync()
    {
        if (_app is not null)
            return;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Url);
        var app = builder.Build();
        app.MapPost("/v2/enqueue", context => HandleAsync(context, "pagerduty"));
        app.MapPost("/v2/change/enqueue", context => HandleAsync(context, "pagerduty"));
        app.MapPost("/v2/alerts/{**rest}", context => HandleAsync(context, "opsgenie"));
        app.MapGet("/v2/heartbeats/{**rest}", context => context.Response.WriteAsync("{}"));
        await app.StartAsync();
        _app = app;
    }

    private async Task HandleAsync(HttpContext context, string provider)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        using var body = JsonDocument.Parse(buffer.Length == 0 ? "{}"u8.ToArray() : buffer.ToArray());
        switch (Mode)
        {
            case Behaviour.ServerError:
                Interlocked.Increment(ref _rejected);
                context.Response.StatusCode = 503;
                return;
            case Behaviour.TooManyRequests:
                Interlocked.Increment(ref _rejected);
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
        }
        var (action, key) =
            provider == "pagerduty" ? PagerDuty(body.RootElement) : OpsGenie(context.Request.Path, body.RootElement);
        Arrivals.Enqueue(new Arrival(provider, action, key, arrived));
        context.Response.StatusCode = 202;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            provider == "pagerduty"
                ? """{"status":"success","message":"Event processed"}"""
                : """{"result":"Request will be processed","took":0.01,"requestId":"bench"}"""
        );
    }

    private static (string Action, string Key) PagerDuty(JsonElement body) =>
        (
            body.TryGetProperty("event_action", out var action) ? action.GetString() ?? "?" : "change",
            body.TryGetProperty("dedup_key", out var key) ? key.GetString() ?? "" : ""
        );

    // POST /v2/alerts (create, alias in the body) or /v2/alerts/{alias}/{acknowledge|close}?identifierType=alias.
    private static (string Action, string Key) OpsGenie(PathString path, JsonElement body)
    {
        var segments = path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 4
            ? (segments[3], Uri.UnescapeDataString(segments[2]))
            : ("create", body.TryGetProperty("alias", out var alias) ? alias.GetString() ?? "" : "");
    }

    public async ValueTask DisposeAsync() => await RefuseConnectionsAsync();
}
