namespace AlertActors.Host.Api;

/// <summary>
/// The JSON endpoints (<c>/api</c> and <c>/webhooks</c>) take JSON only: a request with a body whose Content-Type is
/// not
/// <c>application/json</c> (or another <c>+json</c> type) is answered 415, before anything reads it as JSON. Requests
/// without a body (GET, an acknowledge without a note) need no Content-Type.
/// </summary>
public static class JsonContentType
{
    public static IApplicationBuilder UseJsonContentType(this IApplicationBuilder app) =>
        app.Use(
            async (context, next) =>
            {
                var request = context.Request;
                var jsonPath = request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/webhooks");
                var hasBody =
                    request.ContentLength > 0
                    || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
                if (jsonPath && hasBody && !IsJson(request.ContentType))
                {
                    await ApiJson
                        .Error(StatusCodes.Status415UnsupportedMediaType, Unsupported(request.ContentType))
                        .ExecuteAsync(context);
                    return;
                }
                await next(context);
            }
        );

    /// <summary><c>application/json</c> or a <c>+json</c> media type (RFC 6839), parameters such as charset
    /// ignored.</summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
            return false;
        var mediaType = contentType.Split(';')[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The 415 text, naming the Content-Type that was sent.</summary>
    public static string Unsupported(string? contentType) =>
        $"Content-Type {(string.IsNullOrWhiteSpace(contentType) ? "(none)" : contentType)} is not supported: send the body as application/json";
}
