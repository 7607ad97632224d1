using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace AlertActors.Host.Api;

/// <summary>
/// Every HTTP error is <c>application/problem+json</c> (RFC 9457), also those no endpoint wrote: a body or query
/// parameter that cannot be read (400 naming the parameter and what was wrong), an unknown path (404), a wrong method
/// (405), a body over its limit (413), and an unexpected failure (500, without the exception's text).
/// </summary>
public static class ApiProblemDetails
{
    /// <summary>Makes parameter binding failures throw (with their reason) so they reach
    /// <see cref="UseApiProblemDetails"/>.</summary>
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        // Binding failures throw BadHttpRequestException (with the reason) instead of answering an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>First in the pipeline: turns exceptions and body-less error statuses into problem+json.</summary>
    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(
            new ExceptionHandlerOptions
            {
                ExceptionHandler = async context =>
                {
                    var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                    var (status, detail) = Describe(error, context.Request.Path);
                    await ApiJson.Error(status, detail).ExecuteAsync(context);
                },
            }
        );
        app.UseStatusCodePages(async pages =>
        {
            var response = pages.HttpContext.Response;
            if (response.HasStarted || response.ContentLength > 0 || response.ContentType is not null)
                return;
            var request = pages.HttpContext.Request;
            var detail = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"no such path: {request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}",
                StatusCodes.Status415UnsupportedMediaType => JsonContentType.Unsupported(request.ContentType),
                _ => ReasonPhrase(response.StatusCode),
            };
            await ApiJson.Error(response.StatusCode, detail).ExecuteAsync(pages.HttpContext);
        });
        // A bad request is the client's mistake: answered here, so it is not logged as a failure with a stack trace.
        app.Use(
            async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
                {
                    var (status, detail) = Describe(bad, context.Request.Path);
                    await ApiJson.Error(status, detail).ExecuteAsync(context);
                }
            }
        );
        return app;
    }

    /// <summary>The status and a text for people; the text of an exception is only shown for a bad request, never for a
    /// failure of ours.</summary>
    private static (int Status, string Detail) Describe(Exception? error, PathString path) =>
        error switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (
                StatusCodes.Status413PayloadTooLarge,
                RequestBodyLimits.TooLarge(RequestBodyLimits.For(path))
            ),
            BadHttpRequestException bad => (bad.StatusCode, BadRequestText.Describe(bad)),
            _ => (
                StatusCodes.Status500InternalServerError,
                "the request failed on the server; the node's log has the details"
            ),
        };

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
