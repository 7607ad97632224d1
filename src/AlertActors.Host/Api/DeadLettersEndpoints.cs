using System.Buffers.Text;
using System.Globalization;
using System.Text;
using AlertActors.Actors.Projection;
using AlertActors.Domain.Alerts;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/deliveries/dead</c>: deliveries the providers refused for good or that failed past the
/// retry budget, cluster-wide, from the persisted alert list (so it can trail the alerts by a moment).
/// <c>POST /api/v1/deliveries/dead/{id}/retry</c>: requeue one in its alert's outbox, through the shard region.
/// </summary>
public static class DeadLettersEndpoints
{
    public sealed record RetryRequest(string? By);

    public static IEndpointRouteBuilder MapDeadLettersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/deliveries/dead", List);
        app.MapPost("/api/v1/deliveries/dead/{id}/retry", Retry);
        return app;
    }

    private static async Task<IResult> List(HttpContext context, AlertReadStore store, int? limit, int? offset, CancellationToken ct)
    {
        if (!Paging.TryRead(limit, offset, out var paging, out var error)) return error!;
        var page = await store.ListDeadAsync(TenantScope.TenantsOf(context), paging.Offset, paging.Limit, ct);
        return Results.Json(new
        {
            deliveries = page.Deliveries.Select(DeadDeliveryJson.From),
            offset = paging.Offset,
            limit = paging.Limit,
            total = page.Total,
        }, ApiJson.Options);
    }

    private static Task<IResult> Retry(string id, RetryRequest? body, HttpContext context, AlertsEndpoints.AlertQueries alerts, CancellationToken ct)
    {
        if (!DeadDeliveryId.TryDecode(id, out var dedupKey, out var number))
            return Task.FromResult(ApiJson.Error(StatusCodes.Status400BadRequest,
                $"\"{id}\" is not a dead delivery id (take the id from GET /api/v1/deliveries/dead)"));
        var by = body?.By is { Length: > 0 } given ? given : "api";
        return alerts.AskAsync(new AlertCommands.RetryDelivery(dedupKey, number, by), TenantScope.TokenOf(context), ct);
    }
}

/// <summary>
/// The id of a dead delivery: <c>base64url(UTF-8 dedup key) "." delivery number</c>, e.g.
/// <c>c2l0ZS1hOmRoY3A.3</c>. URL-safe as it stands (no padding, no escaping needed) and stable for the
/// delivery's lifetime. Clients should treat it as opaque.
/// </summary>
public static class DeadDeliveryId
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(string dedupKey, long number) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(dedupKey)) + "." + number.ToString(CultureInfo.InvariantCulture);

    public static bool TryDecode(string id, out string dedupKey, out long number)
    {
        dedupKey = "";
        number = 0;
        var dot = id.LastIndexOf('.');
        if (dot <= 0 || dot == id.Length - 1) return false;
        var key = id.AsSpan(0, dot);
        if (!long.TryParse(id.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out number) || number <= 0) return false;
        if (!Base64Url.IsValid(key, out var length) || length == 0) return false;
        var bytes = new byte[length];
        if (Base64Url.DecodeFromChars(key, bytes) != length) return false;
        try
        {
            dedupKey = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return true;
    }
}

/// <summary>A dead delivery as <c>GET /api/v1/deliveries/dead</c> shows it; snake_case on the wire.</summary>
public sealed record DeadDeliveryJson(
    string Id,
    string DedupKey,
    long Number,
    string Provider,
    string Action,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? Detail,
    string AlertStatus)
{
    public static DeadDeliveryJson From(DeadDelivery dead) => new(
        DeadDeliveryId.Encode(dead.Alert.DedupKey, dead.Delivery.Number),
        dead.Alert.DedupKey,
        dead.Delivery.Number,
        dead.Delivery.Provider,
        dead.Delivery.Request.Action.ToString().ToLowerInvariant(),
        dead.Delivery.Attempts,
        dead.Delivery.CreatedAt,
        dead.Delivery.CompletedAt,
        dead.Delivery.Detail,
        dead.Alert.Status.ToName());
}
