using Microsoft.AspNetCore.Http.Features;

namespace AlertActors.Host.Api;

/// <summary>
/// Request body limits: Kestrel's global <see cref="MaxBodyBytes"/> fits a full event batch (1000 × 64 KiB plus JSON
/// punctuation) on <c>POST /api/v1/events</c> and <c>/api/v1/alertmanager</c>; every other path gets <see cref="SmallBodyBytes"/>.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 70L * 1024 * 1024;
    public const long SmallBodyBytes = 1024 * 1024;

    private static readonly PathString[] LargeBodyPaths = ["/api/v1/events", "/api/v1/alertmanager"];

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!LargeBodyPaths.Any(p => context.Request.Path.StartsWithSegments(p))
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = SmallBodyBytes;
        await next(context);
    });
}
