using System.Security.Cryptography;
using System.Text;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;
using AlertActors.Host.Application;
using Microsoft.AspNetCore.Http.HttpResults;
// What both provider webhooks answer (one union, so the OpenAPI document lists the same responses for each).
using WebhookAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<AlertActors.Host.Api.ProviderWebhooksEndpoints.WebhookResult>,
    Microsoft.AspNetCore.Http.HttpResults.Accepted<AlertActors.Host.Api.ProviderWebhooksEndpoints.WebhookResult>,
    AlertActors.Host.Api.BadRequestProblem,
    AlertActors.Host.Api.UnauthorizedProblem,
    AlertActors.Host.Api.PayloadTooLargeProblem,
    AlertActors.Host.Api.UnavailableProblem
>;

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
/// Replays (a captured body sent again, or a provider's redelivery) change nothing: each change carries the provider's
/// event id and its time (<see cref="PagerDutyWebhookReader"/>, <see cref="OpsGenieWebhookReader"/>), and the alert
/// refuses an id it already applied and a change from before its current period began
/// (<see cref="AlertState.PeriodStartedAt"/>), so an old <c>incident.resolved</c> cannot close a later incident of the
/// same dedup key. A body without them is applied without these checks. An acknowledgement of a key that is no alert
/// but a group's (README "Grouping": a group's incident and alert carry the group key) acknowledges the group and its
/// members; a resolve or close of a group's key is not applied (202 saying so): a group resolves when its members do.
/// Answers: 200 with the alert's (or group's) status when acted on; 202
/// <c>{"result":"ignored","note":...}</c> for other event types, unknown alerts, replayed or stale changes and alerts
/// in a state that cannot take the change (providers retry anything but 2xx); 400 for a body that is not JSON of
/// the expected shape; 401 for a bad or missing secret; 503 when the alert did not answer in time (the provider
/// retries). These paths are outside /api: the bearer token does not apply, their own secrets do. Secrets and bodies
/// are never logged.
/// </summary>
public static class ProviderWebhooksEndpoints
{
    public const string PagerDutyPath = "/webhooks/pagerduty";
    public const string OpsGeniePath = "/webhooks/opsgenie";
    public const string PagerDutySignatureHeader = "X-PagerDuty-Signature";
    public const string OpsGenieTokenHeader = "X-AlertActors-Token";
    public const string OpsGenieTokenQuery = "token";

    /// <summary>Provider payloads are a few KiB; anything far larger is not one
    /// (<see cref="RequestBodyLimits"/>).</summary>
    public const long MaxBodyBytes = RequestBodyLimits.DefaultBytes;

    private const string SignaturePrefix = "v1=";

    public sealed record WebhookResult(
        string Result,
        string? DedupKey = null,
        string? Status = null,
        string? Note = null
    );

    public static IEndpointRouteBuilder MapProviderWebhooksEndpoints(this IEndpointRouteBuilder app)
    {
        // Outside /api: the bearer token does not apply, each provider's own secret does.
        var webhooks = app.MapGroup("").WithTags("provider webhooks").AllowAnonymous();
        webhooks.MapPost(PagerDutyPath, PagerDutyAsync);
        webhooks.MapPost(OpsGeniePath, OpsGenieAsync);
        return app;
    }

    private static async Task<WebhookAnswer> PagerDutyAsync(
        HttpRequest request,
        AlertActorsSettings settings,
        AlertEntityClient entities,
        GroupEntityClient groups,
        ILoggerFactory loggers,
        CancellationToken ct
    )
    {
        var logger = loggers.CreateLogger(typeof(ProviderWebhooksEndpoints));
        var body = await ReadBodyAsync(request, ct);
        if (body is null)
            return new PayloadTooLargeProblem(RequestBodyLimits.TooLarge(MaxBodyBytes));
        var secret = settings.PagerDuty.WebhookSecret;
        if (
            secret.Length > 0
            && !PagerDutySignatureValid(body, request.Headers[PagerDutySignatureHeader].ToString(), secret)
        )
        {
            logger.LogWarning("PagerDuty webhook rejected: missing or invalid {Header}", PagerDutySignatureHeader);
            return new UnauthorizedProblem($"missing or invalid {PagerDutySignatureHeader}");
        }
        return await ApplyAsync(
            PagerDutyWebhookReader.Read(body),
            entities,
            groups,
            ProviderNames.PagerDuty,
            logger,
            ct
        );
    }

    /// <summary>True when one of the <c>v1=</c> signatures is the HMAC-SHA256 of <paramref name="body"/> (compared in
    /// constant time).</summary>
    public static bool PagerDutySignatureValid(ReadOnlySpan<byte> body, string header, string secret)
    {
        if (header.Length == 0)
            return false;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        var valid = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!part.StartsWith(SignaturePrefix, StringComparison.Ordinal))
                continue;
            var hex = part[SignaturePrefix.Length..];
            if (hex.Length != expected.Length * 2)
                continue;
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

    /// <summary>The header value PagerDuty would send for <paramref name="body"/> signed with
    /// <paramref name="secret"/>.</summary>
    public static string PagerDutySignature(ReadOnlySpan<byte> body, string secret) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static async Task<WebhookAnswer> OpsGenieAsync(
        HttpRequest request,
        AlertActorsSettings settings,
        AlertEntityClient entities,
        GroupEntityClient groups,
        ILoggerFactory loggers,
        CancellationToken ct
    )
    {
        var logger = loggers.CreateLogger(typeof(ProviderWebhooksEndpoints));
        var token = settings.OpsGenie.WebhookToken;
        if (token.Length > 0 && !TokenValid(PresentedToken(request), token))
        {
            logger.LogWarning(
                "OpsGenie webhook rejected: missing or invalid token ({Header} header or ?{Query}=)",
                OpsGenieTokenHeader,
                OpsGenieTokenQuery
            );
            return new UnauthorizedProblem(
                $"missing or invalid token: send the {OpsGenieTokenHeader} header or ?{OpsGenieTokenQuery}="
            );
        }
        var body = await ReadBodyAsync(request, ct);
        if (body is null)
            return new PayloadTooLargeProblem(RequestBodyLimits.TooLarge(MaxBodyBytes));
        return await ApplyAsync(OpsGenieWebhookReader.Read(body), entities, groups, ProviderNames.OpsGenie, logger, ct);
    }

    private static string PresentedToken(HttpRequest request)
    {
        var header = request.Headers[OpsGenieTokenHeader].ToString();
        return header.Length > 0 ? header : request.Query[OpsGenieTokenQuery].ToString();
    }

    /// <summary>Constant-time, and independent of the lengths: both sides are hashed first.</summary>
    private static bool TokenValid(string presented, string expected) =>
        presented.Length > 0
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected))
        );

    /// <summary>
    /// Sends the change a webhook asked for and answers: 200 with the alert's status when acted on; 202 ignored for
    /// anything the alert refused (unknown key, a replay, a stale change, a state that cannot take it: providers retry
    /// anything but 2xx); 503 not answered in time.
    /// </summary>
    private static async Task<WebhookAnswer> ApplyAsync(
        ProviderWebhookReading reading,
        AlertEntityClient entities,
        GroupEntityClient groups,
        string provider,
        ILogger logger,
        CancellationToken ct
    )
    {
        if (reading is ProviderWebhookReading.Invalid invalid)
            return new BadRequestProblem(invalid.Problem);
        if (reading is not ProviderWebhookReading.AlertChange { Command: var command })
            return Ignored(((ProviderWebhookReading.Ignored)reading).Note);
        var change = command is AlertCommands.Acknowledge ? "acknowledge" : "resolve";
        switch (await entities.AskAsync(command, caller: null, ct))
        {
            case AlertAnswer.Found { State: var state }:
                logger.LogInformation(
                    "{Provider} webhook: {Change} {DedupKey} → {Status}",
                    provider,
                    change,
                    command.DedupKey,
                    state.Status.ToName()
                );
                return TypedResults.Ok(
                    new WebhookResult(
                        change == "acknowledge" ? "acknowledged" : "resolved",
                        command.DedupKey,
                        state.Status.ToName()
                    )
                );
            case AlertAnswer.Refused { Reason: RejectionReason.NotFound }
                when await GroupChangeAsync(command, groups, provider, logger, ct) is { } answer:
                return answer;
            case AlertAnswer.Refused refused:
                logger.LogInformation(
                    "{Provider} webhook: {Change} {DedupKey} ignored: {Reason}",
                    provider,
                    change,
                    command.DedupKey,
                    refused.Message
                );
                return Ignored(
                    refused.Reason == RejectionReason.NotFound
                        ? $"no alert with dedup key {command.DedupKey}"
                        : refused.Message,
                    command.DedupKey
                );
            case AlertAnswer.Unexpected unexpected:
                throw new InvalidOperationException(
                    $"unexpected reply {unexpected.ReplyType} to a {provider} webhook's {change}"
                );
            default:
                return new UnavailableProblem("the alert did not answer in time; retry");
        }
    }

    /// <summary>
    /// A change to a key that is no alert but may be a group's (its incident and alert carry the group key): an
    /// acknowledgement acknowledges the group and its members (200); a resolve or close is not applied, since a group
    /// resolves when its members do (202 saying so). Null when no group has the key.
    /// </summary>
    private static async Task<WebhookAnswer?> GroupChangeAsync(
        IAlertCommand command,
        GroupEntityClient groups,
        string provider,
        ILogger logger,
        CancellationToken ct
    )
    {
        var answer = command is AlertCommands.Acknowledge ack
            ? await groups.AskAsync(
                new GroupCommands.Acknowledge(ack.DedupKey, ack.By, ack.Note, ack.Origin, ack.WebhookEventId),
                caller: null,
                ct
            )
            : await groups.AskAsync(new GroupCommands.GetGroup(command.DedupKey), caller: null, ct);
        if (answer.NotAnswered)
            return new UnavailableProblem("the group did not answer in time; retry");
        if (answer.Refusal is { Reason: RejectionReason.NotFound })
            return null;
        if (answer.Refusal is { } refusal)
            return Ignored(refusal.Message, command.DedupKey);
        var group = answer.State!;
        if (command is not AlertCommands.Acknowledge)
        {
            logger.LogInformation(
                "{Provider} webhook: resolve of group {GroupKey} not applied",
                provider,
                group.GroupKey
            );
            return Ignored(
                $"{group.GroupKey} is a group: resolving it from {provider} is not applied; "
                    + "a group resolves when its members do",
                group.GroupKey
            );
        }
        logger.LogInformation(
            "{Provider} webhook: acknowledge group {GroupKey} → {Status}",
            provider,
            group.GroupKey,
            group.Status.ToName()
        );
        return TypedResults.Ok(new WebhookResult("acknowledged", group.GroupKey, group.Status.ToName()));
    }

    private static Accepted<WebhookResult> Ignored(string note, string? dedupKey = null) =>
        TypedResults.Accepted((string?)null, new WebhookResult("ignored", dedupKey, Note: note));

    /// <summary>The raw body (signatures are over the exact bytes), or null when it exceeds
    /// <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
