using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlertActors.TestSupport;

/// <summary>One call the stub answered: what came in and whether it was refused (and why).</summary>
public sealed record ProviderCall(
    string Provider,
    string Path,
    JsonNode? Body,
    long? ContentLength,
    int Status,
    string? Problem
)
{
    public bool Accepted => Problem is null;
}

/// <summary>
/// PagerDuty Events API v2 and OpsGenie Alert API v2 on one loopback Kestrel, refusing exactly what they document they
/// refuse: PagerDuty (https://developer.pagerduty.com/docs/send-alert-event) answers 400 to a routing key that is not
/// 32 characters, a blank or missing summary or source, a summary over 1,024 characters, a dedup key over 255, an
/// unknown severity or action, or an event over 512 KB; OpsGenie (https://docs.opsgenie.com/docs/alert-api) answers 422
/// to a blank message or one over 130 characters, an alias over 512, a description over 15,000, more than 20 tags or
/// one over 50, details over 8,000 characters in total, an entity over 512, a source or user over 100, a note over
/// 25,000, more than 50 responders. Both answer 411 to a body without Content-Length.
/// </summary>
public sealed class StrictProviderStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ProviderCall> _calls = new();

    private StrictProviderStub(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ProviderCall> Calls => [.. _calls];

    public IReadOnlyList<ProviderCall> PagerDutyCalls => [.. _calls.Where(c => c.Provider == "pagerduty")];

    public IReadOnlyList<ProviderCall> OpsGenieCalls => [.. _calls.Where(c => c.Provider == "opsgenie")];

    /// <summary>Forgets the calls answered so far.</summary>
    public void Clear() => _calls.Clear();

    public static async Task<StrictProviderStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StrictProviderStub(app);
        app.MapPost("/pagerduty/v2/enqueue", context => stub.AnswerAsync(context, "pagerduty", 400, PagerDutyEvent));
        app.MapPost(
            "/pagerduty/v2/change/enqueue",
            context => stub.AnswerAsync(context, "pagerduty", 400, PagerDutyChange)
        );
        app.MapPost("/opsgenie/v2/alerts", context => stub.AnswerAsync(context, "opsgenie", 422, OpsGenieCreate));
        foreach (var action in new[] { "acknowledge", "close" })
            app.MapPost(
                $"/opsgenie/v2/alerts/{{alias}}/{action}",
                context =>
                    stub.AnswerAsync(
                        context,
                        "opsgenie",
                        422,
                        body => OpsGenieChange(body, (string)context.GetRouteValue("alias")!)
                    )
            );
        await app.StartAsync();
        stub.Url = new Uri(
            app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        );
        return stub;
    }

    /// <summary>HOCON pointing both providers at the stub (routing keys must be 32 characters, as PagerDuty's
    /// are).</summary>
    public string Hocon(string routingKey, string apiKey = "strict-genie-key") =>
        $$"""
            alertactors.pagerduty { endpoint = {{TestNode.Quote(
                new Uri(Url, "pagerduty/").ToString()
            )}}, routing-key = {{TestNode.Quote(routingKey)}} }
            alertactors.opsgenie { endpoint = {{TestNode.Quote(
                new Uri(Url, "opsgenie/").ToString()
            )}}, api-key = {{TestNode.Quote(apiKey)}} }
            alertactors.delivery { retry-base-delay = 100ms, retry-max-delay = 1s }
            """;

    private async Task AnswerAsync(HttpContext context, string provider, int refusal, Func<JsonNode?, string?> check)
    {
        var bytes = await ReadAsync(context.Request);
        var contentLength = context.Request.ContentLength;
        JsonNode? body = null;
        string? problem = contentLength is null ? "no Content-Length" : null;
        var status = contentLength is null ? StatusCodes.Status411LengthRequired : refusal;
        if (problem is null)
        {
            try
            {
                body = JsonNode.Parse(bytes);
            }
            catch (JsonException ex)
            {
                problem = $"not JSON: {ex.Message}";
            }
            problem ??=
                provider == "pagerduty" && bytes.Length > MaxPagerDutyEventBytes
                    ? $"event is {bytes.Length} bytes; the limit is 512 KB"
                    : check(body);
        }
        _calls.Enqueue(
            new ProviderCall(
                provider,
                context.Request.Path + context.Request.QueryString,
                body,
                contentLength,
                problem is null ? 202 : status,
                problem
            )
        );
        context.Response.StatusCode = problem is null ? StatusCodes.Status202Accepted : status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            new JsonObject
            {
                ["status"] = problem is null ? "success" : "invalid",
                ["message"] = problem ?? "accepted",
            }.ToJsonString()
        );
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private const int MaxPagerDutyEventBytes = 512 * 1000;

    private static string? PagerDutyEvent(JsonNode? body)
    {
        if (body is not JsonObject evt)
            return "event must be an object";
        if (Text(evt, "routing_key") is not { Length: 32 })
            return "Length of 'routing_key' is incorrect (should be 32 characters)";
        var action = Text(evt, "event_action");
        if (action is not ("trigger" or "acknowledge" or "resolve"))
            return $"unknown event_action {action}";
        var dedupKey = Text(evt, "dedup_key");
        if (dedupKey is { Length: > 255 })
            return "dedup_key is longer than 255 characters";
        if (action != "trigger")
            return dedupKey is null ? "dedup_key is required" : null;
        if (evt["payload"] is not JsonObject payload)
            return "payload is required";
        return Required(payload, "summary", 1024)
            ?? Required(payload, "source", int.MaxValue)
            ?? (
                Text(payload, "severity") is "critical" or "error" or "warning" or "info"
                    ? null
                    : "payload.severity is invalid"
            )
            ?? (payload["custom_details"] is null or JsonObject ? null : "custom_details must be an object");
    }

    private static string? PagerDutyChange(JsonNode? body) =>
        body is not JsonObject evt ? "event must be an object"
        : Text(evt, "routing_key") is not { Length: 32 }
            ? "Length of 'routing_key' is incorrect (should be 32 characters)"
        : evt["payload"] is not JsonObject payload ? "payload is required"
        : Required(payload, "summary", 1024);

    private static string? OpsGenieCreate(JsonNode? body)
    {
        if (body is not JsonObject alert)
            return "body must be an object";
        var tags = alert["tags"] as JsonArray ?? new JsonArray();
        var details = alert["details"] as JsonObject ?? new JsonObject();
        return Required(alert, "message", 130)
            ?? Longer(alert, "alias", 512)
            ?? Longer(alert, "description", 15000)
            ?? Longer(alert, "entity", 512)
            ?? Longer(alert, "source", 100)
            ?? Longer(alert, "user", 100)
            ?? Longer(alert, "note", 25000)
            ?? (tags.Count > 20 ? $"{tags.Count} tags; at most 20" : null)
            ?? (
                tags.Select(t => t?.GetValue<string>() ?? "")
                    .FirstOrDefault(t => t.Length > 50 || string.IsNullOrWhiteSpace(t))
                    is { } tag
                    ? $"tag \"{tag}\" is blank or over 50 characters"
                    : null
            )
            ?? (
                details.Any(d => d.Value?.GetValueKind() != JsonValueKind.String)
                    ? "details must map strings to strings"
                    : null
            )
            ?? (
                details.Sum(d => d.Key.Length + d.Value!.GetValue<string>().Length) is var total and > 8000
                    ? $"details are {total} characters; at most 8000"
                    : null
            )
            ?? ((alert["responders"] as JsonArray)?.Count > 50 ? "more than 50 responders" : null);
    }

    private static string? OpsGenieChange(JsonNode? body, string alias) =>
        Uri.UnescapeDataString(alias).Length > 512 ? "alias is longer than 512 characters"
        : body is not JsonObject change ? "body must be an object"
        : Longer(change, "user", 100) ?? Longer(change, "source", 100) ?? Longer(change, "note", 25000);

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string? Required(JsonObject obj, string name, int max) =>
        string.IsNullOrWhiteSpace(Text(obj, name)) ? $"{name} is missing or blank" : Longer(obj, name, max);

    private static string? Longer(JsonObject obj, string name, int max) =>
        Text(obj, name) is { } text && text.Length > max ? $"{name} is {text.Length} characters; at most {max}" : null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
