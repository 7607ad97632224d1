using System.Security.Cryptography;
using System.Text;

namespace AlertActors.Host.Api;

/// <summary>With a token configured, every /api path needs <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
public static class BearerTokenAuth
{
    public static IApplicationBuilder UseBearerToken(this IApplicationBuilder app, string token)
    {
        if (token.Length == 0) return app;
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }
            var header = context.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                await ApiJson.Error(StatusCodes.Status401Unauthorized, "missing bearer token: send Authorization: Bearer <token>").ExecuteAsync(context);
                return;
            }
            var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
            if (!CryptographicOperations.FixedTimeEquals(presented, expected))
            {
                await ApiJson.Error(StatusCodes.Status401Unauthorized, "invalid bearer token").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
    }
}
