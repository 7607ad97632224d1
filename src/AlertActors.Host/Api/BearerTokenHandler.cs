using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AlertActors.Host.Api;

/// <summary>
/// ASP.NET Core authentication for the API's bearer tokens (RFC 6750): <c>Authorization: Bearer &lt;token&gt;</c> is
/// matched against
/// <see cref="ApiTokens"/> (hashes, constant time) and becomes the request's <see cref="ApiCaller"/>. No header (or
/// another scheme) is no result; an unknown token fails. Where authorization then needs a caller, the challenge is 401
/// problem+json with
/// <c>WWW-Authenticate: Bearer realm="alertactors"</c>, plus <c>error="invalid_token"</c> for an unknown token (RFC
/// 6750 §3; RFC 9110 §11.6.1: a 401 must carry WWW-Authenticate). With no tokens configured nothing is authenticated
/// and
/// <see cref="ApiAuthorization"/> lets every request through.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens
) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name, as in the <c>Authorization</c> header.</summary>
    public const string SchemeName = "Bearer";

    /// <summary>The realm named in <c>WWW-Authenticate</c> challenges.</summary>
    public const string Realm = "alertactors";

    private const string Prefix = SchemeName + " ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!tokens.Enabled || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());
        return Task.FromResult(
            tokens.Match(header[Prefix.Length..].Trim()) is { } token
                ? AuthenticateResult.Success(
                    new AuthenticationTicket(token.Caller.ToPrincipal(Scheme.Name), Scheme.Name)
                )
                : AuthenticateResult.Fail("invalid bearer token")
        );
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var invalid = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        Response.Headers.WWWAuthenticate = invalid
            ? $"Bearer realm=\"{Realm}\", error=\"invalid_token\""
            : $"Bearer realm=\"{Realm}\"";
        await ApiJson
            .Error(
                StatusCodes.Status401Unauthorized,
                invalid ? "invalid bearer token" : "missing bearer token: send Authorization: Bearer <token>"
            )
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiJson
            .Error(StatusCodes.Status403Forbidden, $"this token may not {Request.Method} {Request.Path}")
            .ExecuteAsync(Context);
}
