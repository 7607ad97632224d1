using System.Security.Cryptography;
using System.Text;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Host.Hosting;
using AlertActors.Actors.Configuration;

namespace AlertActors.Host.Api;

/// <summary>What a token may do: viewer reads; operator also acts on alerts, silences, dead deliveries and posts events; admin also removes nodes.</summary>
public enum ApiRole
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
}

/// <summary>One configured token; only the SHA-256 of the secret is kept.</summary>
/// <remarks>
/// A token with <see cref="Tenants"/> is scoped: it sees and acts on the alerts, silences, dead deliveries and events of those
/// tenants only (<see cref="TenantScope"/>), and never on the cluster. An empty list means every tenant.
/// </remarks>
public sealed record ApiToken(string Name, ApiRole Role, IReadOnlyList<string> Tenants, byte[] Hash)
{
    /// <summary>Limited to <see cref="Tenants"/> (a non-empty list).</summary>
    public bool IsScoped => Tenants.Count > 0;

    /// <summary>Whether this token may see and act on <paramref name="tenant"/>'s alerts.</summary>
    public bool Allows(string tenant) => !IsScoped || Tenants.Contains(tenant, StringComparer.Ordinal);

    public override string ToString() => $"ApiToken {{ Name = {Name}, Role = {Role}, Tenants = [{string.Join(", ", Tenants)}] }}";
}

/// <summary>
/// The tokens the API accepts: <c>alertactors.http.api-token</c> (ALERTACTORS_API_TOKEN) as an admin token named
/// <c>api-token</c>, plus <c>alertactors.http.tokens = [ { name = ops, token = "...", role = operator, tenants = [] } ]</c>.
/// None configured = no auth. A token with a non-empty <c>tenants</c> list is limited to those tenants (<see cref="TenantScope"/>).
/// </summary>
public sealed class ApiTokens
{
    public const string Key = "alertactors.http.tokens";

    public ApiTokens(IReadOnlyList<ApiToken> tokens) => Tokens = tokens;

    public IReadOnlyList<ApiToken> Tokens { get; }

    public bool Enabled => Tokens.Count > 0;

    public static byte[] HashOf(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>The configured tokens, or <see cref="ConfigurationProblemsException"/> listing every problem.</summary>
    public static ApiTokens Read(Config config, string apiToken)
    {
        var problems = new ConfigProblems();
        var tokens = Read(config, apiToken, problems);
        problems.ThrowIfAny();
        return tokens;
    }

    private static readonly string[] TokenKeys = ["name", "token", "role", "tenants"];

    /// <summary>The configured tokens; every mistake (each naming its entry and key, never a secret) is recorded and that entry left out.</summary>
    public static ApiTokens Read(Config config, string apiToken, ConfigProblems problems)
    {
        var tokens = new List<ApiToken>();
        if (apiToken.Length > 0) tokens.Add(new ApiToken("api-token", ApiRole.Admin, [], HashOf(apiToken)));
        if (!config.HasPath(Key)) return new ApiTokens(tokens);
        var value = config.GetValue(Key);
        if (!value.IsArray())
        {
            if (!value.Values.All(v => v is HoconArray || (v is HoconLiteral literal && string.IsNullOrWhiteSpace(literal.Value))))
                problems.Add($"{Key}: must be a list [ {{ name = ..., token = \"...\", role = viewer|operator|admin }} ]");
            return new ApiTokens(tokens);
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "api-token" };
        var index = 0;
        foreach (var item in value.GetArray())
        {
            var where = $"{Key}[{index++}]";
            if (problems.Try(() => ReadToken(item, where, names, problems), null) is { } token) tokens.Add(token);
        }
        return new ApiTokens(tokens);
    }

    private static ApiToken? ReadToken(HoconValue item, string where, HashSet<string> names, ConfigProblems problems)
    {
        if (!item.IsObject()) throw new ConfigurationException($"{where}: must be an object {{ name = ..., token = \"...\", role = ... }}");
        var entry = item.ToConfig();
        var before = problems.Count;
        foreach (var (key, _) in entry.AsEnumerable().Where(kv => !TokenKeys.Contains(kv.Key)))
            problems.Add($"{where}.{key}: {UnknownKeys.Describe(key, TokenKeys)}");
        var name = entry.GetString("name", "").Trim();
        if (name.Length == 0) problems.Add($"{where}.name: is required");
        else if (!names.Add(name)) problems.Add($"{where}.name: \"{name}\" is used twice");
        var secret = entry.GetString("token", "").Trim();
        if (secret.Length < 8) problems.Add($"{where}.token: is required and must be at least 8 characters (value not shown)");
        var roleText = entry.GetString("role", "").Trim();
        if (!Enum.TryParse<ApiRole>(roleText, ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(roleText, out _))
            problems.Add($"{where}.role: \"{roleText}\" is not one of viewer, operator, admin");
        IReadOnlyList<string> tenants = [];
        if (entry.HasPath("tenants") && entry.GetValue("tenants").IsArray())
            tenants = [.. entry.GetValue("tenants").GetArray().Select(t => t.GetString().Trim()).Where(t => t.Length > 0)];
        else if (entry.HasPath("tenants") && entry.GetValue("tenants") is var given && (given.IsObject() || given.IsString()))
            problems.Add($"{where}.tenants: must be a list of tenants [ site-a, ... ]");
        return problems.Count == before ? new ApiToken(name, role, tenants, HashOf(secret)) : null;
    }

    /// <summary>The token whose secret is <paramref name="presented"/>; every configured hash is compared, in constant time.</summary>
    public ApiToken? Match(string presented)
    {
        var hash = HashOf(presented);
        ApiToken? found = null;
        foreach (var token in Tokens)
            if (CryptographicOperations.FixedTimeEquals(hash, token.Hash) && found is null) found = token;
        return found;
    }

    /// <summary>GET (and HEAD, OPTIONS) needs viewer; changing cluster membership needs admin; every other write needs operator.</summary>
    public static ApiRole RequiredRole(string method, PathString path)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return ApiRole.Viewer;
        if (path.StartsWithSegments("/api/v1/cluster")) return ApiRole.Admin;
        return ApiRole.Operator;
    }

    public static string NameOf(ApiRole role) => role.ToString().ToLowerInvariant();
}

/// <summary>
/// With any token configured, every /api path and <c>GET /metrics</c> need <c>Authorization: Bearer &lt;token&gt;</c> of a role allowed
/// to make the call (RFC 6750). A missing or unknown token is answered 401 with <c>WWW-Authenticate: Bearer realm="alertactors"</c>
/// (plus <c>error="invalid_token"</c> for an unknown one); a role too low, or a tenant-scoped token on the cluster API or
/// <c>/metrics</c> (both show the whole cluster), 403. <c>/healthz</c>, <c>/readyz</c> and <c>/webhooks/*</c> (own secrets) stay open.
/// </summary>
public static class BearerTokenAuth
{
    /// <summary>The matched <see cref="ApiToken"/> in <c>HttpContext.Items</c>.</summary>
    public const string ItemKey = "alertactors.api-token";

    /// <summary>The realm named in <c>WWW-Authenticate</c> challenges.</summary>
    public const string Realm = "alertactors";

    public static IApplicationBuilder UseBearerToken(this IApplicationBuilder app, string token) =>
        app.UseBearerToken(new ApiTokens(token.Length == 0 ? [] : [new ApiToken("api-token", ApiRole.Admin, [], ApiTokens.HashOf(token))]));

    public static IApplicationBuilder UseBearerToken(this IApplicationBuilder app, ApiTokens tokens)
    {
        if (!tokens.Enabled) return app;
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            var metrics = path.Equals(MetricsRegistration.ScrapePath, StringComparison.OrdinalIgnoreCase);
            if (!metrics && !path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }
            var header = context.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                await Challenge(context, invalidToken: false, "missing bearer token: send Authorization: Bearer <token>");
                return;
            }
            var token = tokens.Match(header["Bearer ".Length..].Trim());
            if (token is null)
            {
                await Challenge(context, invalidToken: true, "invalid bearer token");
                return;
            }
            var required = ApiTokens.RequiredRole(context.Request.Method, path);
            if (token.Role < required)
            {
                await ApiJson.Error(StatusCodes.Status403Forbidden,
                    $"role {ApiTokens.NameOf(token.Role)} may not {context.Request.Method} {path} (needs {ApiTokens.NameOf(required)})").ExecuteAsync(context);
                return;
            }
            if (token.IsScoped && (metrics || path.StartsWithSegments("/api/v1/cluster")))
            {
                await ApiJson.Error(StatusCodes.Status403Forbidden,
                    $"token {token.Name} is limited to tenants [{string.Join(", ", token.Tenants)}]; {(metrics ? MetricsRegistration.ScrapePath : "the cluster API")} needs a token without tenants").ExecuteAsync(context);
                return;
            }
            context.Items[ItemKey] = token;
            await next(context);
        });
    }

    /// <summary>401 with the RFC 6750 §3 challenge (RFC 9110 §11.6.1: a 401 must carry WWW-Authenticate).</summary>
    private static Task Challenge(HttpContext context, bool invalidToken, string error)
    {
        context.Response.Headers.WWWAuthenticate = invalidToken ? $"Bearer realm=\"{Realm}\", error=\"invalid_token\"" : $"Bearer realm=\"{Realm}\"";
        return ApiJson.Error(StatusCodes.Status401Unauthorized, error).ExecuteAsync(context);
    }
}
