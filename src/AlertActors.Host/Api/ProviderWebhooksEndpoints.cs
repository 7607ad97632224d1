using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Configuration;
using AlertActors.Actors.Hosting;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;

namespace AlertActors.Host.Api;

/// <summary>
/// Provider callbacks (two-way sync): an incident acknowledged or resolved in PagerDuty, or an
/// alert acknowledged or closed in OpsGenie, acknowledges or resolves the AlertActors alert with the same
/// dedup key. The change is recorded with the provider as its origin, so it is forwarded to the other
/// providers but not echoed back to the one it came from.
/// <list type="bullet">
/// <item><c>POST /webhooks/pagerduty</c>: PagerDuty V3 webhooks; <c>incident.acknowledged</c> and
/// <c>incident.resolved</c> act on <c>event.data.incident_key</c>, by <c>event.agent.summary</c>. With
/// <c>alertactors.pagerduty.webhook-secret</c> set, <c>X-PagerDuty-Signature</c> must carry a matching
/// <c>v1=&lt;hex HMAC-SHA256 of the raw body&gt;</c> (one of several, comma-separated) or the answer is 401.</item>
/// <item><c>POST /webhooks/opsgenie</c>: OpsGenie webhook integration; actions <c>Acknowledge</c> and
/// <c>Close</c> act on <c>alert.alias</c>, by <c>alert.username</c>. With <c>alertactors.opsgenie.webhook-token</c>
/// set, the token must come in the <c>X-AlertActors-Token</c> header or the <c>token</c> query parameter.</item>
/// </list>
/// Replays (a captured body sent again, or a provider's redelivery) change nothing: each change carries the provider's event id
/// (PagerDuty <c>event.id</c>; OpsGenie <c>alert.alertId</c>, the action and <c>alert.updatedAt</c>, which together name one alert
/// action) and its time (PagerDuty <c>event.occurred_at</c>; OpsGenie <c>alert.updatedAt</c>), and the alert refuses an id it already
/// applied and a change from before its current period began (<see cref="AlertState.PeriodStartedAt"/>), so an old
/// <c>incident.resolved</c> cannot close a later incident of the same dedup key. A body without them is applied without these checks.
/// Answers: 200 with the alert's status when acted on; 202 <c>{"result":"ignored","note":...}</c> for other
/// event types, unknown alerts, replayed or stale changes and alerts in a state that cannot take the change (providers retry anything
/// but 2xx); 400 for a body that is not JSON of the expected shape; 401 for a bad or missing secret; 503 when
/// the alert did not answer in time (the provider retries). These paths are outside /api: the bearer token
/// does not apply, their own secrets do. Secrets and bodies are never logged.
/// </summary>
public static class ProviderWebhooksEndpoints
{
    public const string PagerDutyPath = "/webhooks/pagerduty";
    public const string OpsGeniePath = "/webhooks/opsgenie";
    public const string PagerDutySignatureHeader = "X-PagerDuty-Signature";
    public const string OpsGenieTokenHeader = "X-AlertActors-Token";
    public const string OpsGenieTokenQuery = "token";

    /// <summary>Provider payloads are a few KiB; anything far larger is not one (<see cref="RequestBodyLimits"/>).</summary>
    public const long MaxBodyBytes = RequestBodyLimits.DefaultBytes;

    private const string SignaturePrefix = "v1=";

    public sealed record WebhookResult(string Result, string? DedupKey = null, string? Status = null, string? Note = null);

    public static IEndpointRouteBuilder MapProviderWebhooksEndpoints(this IEndpointRouteBuilder app)
    {
        // Outside /api: the bearer token does not apply, each provider's own secret does.
        app.MapPost(PagerDutyPath, PagerDutyAsync).AllowAnonymous();
        app.MapPost(OpsGeniePath, OpsGenieAsync).AllowAnonymous();
        return app;
    }

    // ---- PagerDuty ------------------------------------------------------------------------------------

    private static async Task<IResult> PagerDutyAsync(
        HttpRequest request, AlertActorsSettings settings, IRequiredActor<AlertRegion> region, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(ProviderWebhooksEndpoints));
        var body = await ReadBodyAsync(request, ct);
        if (body is null) return ApiJson.Error(StatusCodes.Status413PayloadTooLarge, RequestBodyLimits.TooLarge(MaxBodyBytes));

        var secret = settings.PagerDuty.WebhookSecret;
        if (secret.Length > 0 && !PagerDutySignatureValid(body, request.Headers[PagerDutySignatureHeader].ToString(), secret))
        {
            logger.LogWarning("PagerDuty webhook rejected: missing or invalid {Header}", PagerDutySignatureHeader);
            return ApiJson.Error(StatusCodes.Status401Unauthorized, $"missing or invalid {PagerDutySignatureHeader}");
        }

        if (Parse(body) is not { } root) return ApiJson.Error(StatusCodes.Status400BadRequest, "body is not valid JSON");
        using (root)
        {
            if (!TryObject(root.RootElement, "event", out var evt))
                return ApiJson.Error(StatusCodes.Status400BadRequest, "body is not a PagerDuty V3 webhook: it has no \"event\" object");
            var eventType = StringOf(evt, "event_type");
            if (eventType is null)
                return ApiJson.Error(StatusCodes.Status400BadRequest, "body is not a PagerDuty V3 webhook: event.event_type is missing");
            if (eventType is not ("incident.acknowledged" or "incident.resolved"))
                return Ignored($"event type {eventType} does not change an alert");

            TryObject(evt, "data", out var data);
            if (StringOf(data, "incident_key") is not { Length: > 0 } dedupKey)
                return Ignored("the incident has no incident_key");
            TryObject(evt, "agent", out var agent);
            var by = StringOf(agent, "summary") is { Length: > 0 } who ? who : ProviderNames.PagerDuty;
            var note = StringOf(data, "html_url") is { Length: > 0 } url ? $"via PagerDuty ({eventType}): {url}" : $"via PagerDuty ({eventType})";
            DateTimeOffset? occurredAt = null;
            if (StringOf(evt, "occurred_at") is { } occurred)
            {
                if (!DateTimeOffset.TryParse(occurred, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                    return ApiJson.Error(StatusCodes.Status400BadRequest, $"event.occurred_at: \"{occurred}\" is not an ISO 8601 time");
                occurredAt = parsed;
            }
            var eventId = StringOf(evt, "id") is { Length: > 0 } id ? $"{ProviderNames.PagerDuty}:{id}" : null;

            IAlertCommand command = eventType == "incident.acknowledged"
                ? new AlertCommands.Acknowledge(dedupKey, by, note, ProviderNames.PagerDuty, eventId, occurredAt)
                : new AlertCommands.Resolve(dedupKey, by, note, ProviderNames.PagerDuty, eventId, occurredAt);
            return await ApplyAsync(region, command, ProviderNames.PagerDuty, logger, ct);
        }
    }

    /// <summary>True when one of the <c>v1=</c> signatures is the HMAC-SHA256 of <paramref name="body"/> (compared in constant time).</summary>
    public static bool PagerDutySignatureValid(ReadOnlySpan<byte> body, string header, string secret)
    {
        if (header.Length == 0) return false;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        var valid = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith(SignaturePrefix, StringComparison.Ordinal)) continue;
            var hex = part[SignaturePrefix.Length..];
            if (hex.Length != expected.Length * 2) continue;
            byte[] presented;
            try
            {
                presented = Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
                continue;
            }
            valid |= CryptographicOperations.FixedTimeEquals(presented, expected);
        }
        return valid;
    }

    /// <summary>The header value PagerDuty would send for <paramref name="body"/> signed with <paramref name="secret"/>.</summary>
    public static string PagerDutySignature(ReadOnlySpan<byte> body, string secret) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    // ---- OpsGenie -------------------------------------------------------------------------------------

    private static async Task<IResult> OpsGenieAsync(
        HttpRequest request, AlertActorsSettings settings, IRequiredActor<AlertRegion> region, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(ProviderWebhooksEndpoints));
        var token = settings.OpsGenie.WebhookToken;
        if (token.Length > 0 && !TokenValid(PresentedToken(request), token))
        {
            logger.LogWarning("OpsGenie webhook rejected: missing or invalid token ({Header} header or ?{Query}=)", OpsGenieTokenHeader, OpsGenieTokenQuery);
            return ApiJson.Error(StatusCodes.Status401Unauthorized, $"missing or invalid token: send the {OpsGenieTokenHeader} header or ?{OpsGenieTokenQuery}=");
        }

        var body = await ReadBodyAsync(request, ct);
        if (body is null) return ApiJson.Error(StatusCodes.Status413PayloadTooLarge, RequestBodyLimits.TooLarge(MaxBodyBytes));
        if (Parse(body) is not { } root) return ApiJson.Error(StatusCodes.Status400BadRequest, "body is not valid JSON");
        using (root)
        {
            if (root.RootElement.ValueKind != JsonValueKind.Object || StringOf(root.RootElement, "action") is not { } action)
                return ApiJson.Error(StatusCodes.Status400BadRequest, "body is not an OpsGenie webhook: \"action\" is missing");
            if (!TryObject(root.RootElement, "alert", out var alert))
                return ApiJson.Error(StatusCodes.Status400BadRequest, "body is not an OpsGenie webhook: it has no \"alert\" object");
            var acknowledge = action.Equals("Acknowledge", StringComparison.OrdinalIgnoreCase);
            if (!acknowledge && !action.Equals("Close", StringComparison.OrdinalIgnoreCase))
                return Ignored($"action {action} does not change an alert");
            if (StringOf(alert, "alias") is not { Length: > 0 } dedupKey)
                return Ignored("the alert has no alias");

            var by = StringOf(alert, "username") is { Length: > 0 } who ? who : ProviderNames.OpsGenie;
            var note = StringOf(alert, "note") is { Length: > 0 } text ? text : $"via OpsGenie ({action})";
            // OpsGenie names no action id: the alert's id, the action and the alert's update time (the action's) together are one.
            var updatedAt = alert.TryGetProperty("updatedAt", out var updated) && updated.ValueKind == JsonValueKind.Number && updated.TryGetInt64(out var ticks)
                ? ticks
                : (long?)null;
            var eventId = StringOf(alert, "alertId") is { Length: > 0 } alertId && updatedAt is not null
                ? $"{ProviderNames.OpsGenie}:{alertId}:{action}:{updatedAt}"
                : null;
            var occurredAt = updatedAt is { } epoch ? OpsGenieTime(epoch) : (DateTimeOffset?)null;
            IAlertCommand command = acknowledge
                ? new AlertCommands.Acknowledge(dedupKey, by, note, ProviderNames.OpsGenie, eventId, occurredAt)
                : new AlertCommands.Resolve(dedupKey, by, note, ProviderNames.OpsGenie, eventId, occurredAt);
            return await ApplyAsync(region, command, ProviderNames.OpsGenie, logger, ct);
        }
    }

    /// <summary>
    /// An OpsGenie epoch time: <c>updatedAt</c> comes in nanoseconds (e.g. 1420452224764002246), <c>createdAt</c> in milliseconds
    /// (OpsGenie's "alert action data" examples); told apart by magnitude (also microseconds and seconds). Negative = the epoch.
    /// </summary>
    public static DateTimeOffset OpsGenieTime(long epoch)
    {
        var value = Math.Max(epoch, 0);
        var milliseconds = value switch
        {
            >= 100_000_000_000_000_000 => value / 1_000_000,
            >= 100_000_000_000_000 => value / 1_000,
            >= 100_000_000_000 => value,
            _ => value * 1_000,
        };
        return DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(milliseconds, 253_402_300_799_999));
    }

    private static string PresentedToken(HttpRequest request)
    {
        var header = request.Headers[OpsGenieTokenHeader].ToString();
        return header.Length > 0 ? header : request.Query[OpsGenieTokenQuery].ToString();
    }

    /// <summary>Constant-time, and independent of the lengths: both sides are hashed first.</summary>
    private static bool TokenValid(string presented, string expected) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    // ---- shared ---------------------------------------------------------------------------------------

    private static async Task<IResult> ApplyAsync(
        IRequiredActor<AlertRegion> region, IAlertCommand command, string provider, ILogger logger, CancellationToken ct)
    {
        var change = command is AlertCommands.Acknowledge ? "acknowledge" : "resolve";
        var shards = await region.GetAsync(ct);
        object reply;
        try
        {
            reply = await shards.Ask<object>(command, AlertActorsAkka.AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return ApiJson.Error(StatusCodes.Status503ServiceUnavailable, "the alert did not answer in time; retry");
        }

        switch (reply)
        {
            case AlertReplies.AlertView view:
                logger.LogInformation("{Provider} webhook: {Change} {DedupKey} → {Status}", provider, change, command.DedupKey, view.State.Status.ToName());
                return Results.Json(new WebhookResult(change == "acknowledge" ? "acknowledged" : "resolved", command.DedupKey, view.State.Status.ToName()),
                    ApiJson.Options);
            case AlertReplies.Rejected rejected:
                logger.LogInformation("{Provider} webhook: {Change} {DedupKey} ignored: {Reason}", provider, change, command.DedupKey, rejected.Message);
                return Ignored(rejected.Reason == RejectionReason.NotFound ? $"no alert with dedup key {command.DedupKey}" : rejected.Message,
                    command.DedupKey);
            default:
                return ApiJson.Error(StatusCodes.Status500InternalServerError, $"unexpected reply {reply.GetType().Name}");
        }
    }

    private static IResult Ignored(string note, string? dedupKey = null) =>
        Results.Json(new WebhookResult("ignored", dedupKey, Note: note), ApiJson.Options, statusCode: StatusCodes.Status202Accepted);

    /// <summary>The raw body (signatures are over the exact bytes), or null when it exceeds <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static JsonDocument? Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryObject(JsonElement parent, string name, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object) return true;
        value = default;
        return false;
    }

    private static string? StringOf(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
