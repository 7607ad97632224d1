using Microsoft.AspNetCore.Http.Features;

namespace AlertActors.Host.Api;

/// <summary>
/// The request body limits, one table for every HTTP path (docs/http-api.md shows the same table; a test compares
/// them). A larger body is refused with 413 before it is read (by its Content-Length) or while it is read (a chunked
/// body), as problem+json.
/// </summary>
public static class RequestBodyLimits
{
    /// <param name="Path">The path the limit applies to (and the paths below it); <see cref="Elsewhere"/> for every
    /// other path.</param>
    /// <param name="Bytes">The largest body accepted, in bytes.</param>
    /// <param name="Why">What fits, for people.</param>
    public sealed record Limit(string Path, long Bytes, string Why);

    /// <summary>The <see cref="Limit.Path"/> of the row that applies to every path no other row names.</summary>
    public const string Elsewhere = "every other path";

    /// <summary>A full batch of 1,000 events of 64 KiB each, plus the JSON around them.</summary>
    public const long EventBatchBytes = 70L * 1024 * 1024;

    /// <summary>Everything else: silences, acknowledgements, provider webhooks.</summary>
    public const long DefaultBytes = 1024 * 1024;

    public static readonly IReadOnlyList<Limit> Table =
    [
        new("/api/v1/events", EventBatchBytes, "a batch of 1,000 events of 64 KiB each"),
        new("/api/v1/alertmanager", EventBatchBytes, "an Alertmanager webhook with as many alerts"),
        new(Elsewhere, DefaultBytes, "silences, acknowledgements, provider webhooks"),
    ];

    /// <summary>The largest limit of the table: Kestrel's global limit, which the middleware lowers per path.</summary>
    public static long Largest => Table.Max(l => l.Bytes);

    /// <summary>The limit for a request path.</summary>
    public static long For(PathString path) =>
        Table.FirstOrDefault(l => l.Path != Elsewhere && path.StartsWithSegments(l.Path))?.Bytes
        ?? Table.Single(l => l.Path == Elsewhere).Bytes;

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) =>
        app.Use(
            async (context, next) =>
            {
                var limit = For(context.Request.Path);
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                    feature.MaxRequestBodySize = limit;
                if (context.Request.ContentLength > limit)
                {
                    await ApiJson.Error(StatusCodes.Status413PayloadTooLarge, TooLarge(limit)).ExecuteAsync(context);
                    return;
                }
                await next(context);
            }
        );

    public static string TooLarge(long limit) =>
        $"the request body is larger than {limit:N0} bytes, the limit for this path";
}
