using System.Security.Cryptography;
using System.Text;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Configuration;

namespace AlertActors.Host.Api;

/// <summary>What a token may do: viewer reads; operator also acts on alerts, silences, dead deliveries and posts
/// events; admin also removes nodes.</summary>
public enum ApiRole
{
    Viewer = 0,
    Operator = 1,
    Admin = 2,
}

/// <summary>One configured token; only the SHA-256 of the secret is kept.</summary>
/// <remarks>
/// A token with <see cref="Tenants"/> is scoped: it sees and acts on the alerts, silences, dead deliveries and events
/// of those tenants only (<see cref="TenantScope"/>), and never on the cluster. An empty list means every tenant.
/// </remarks>
public sealed record ApiToken(string Name, ApiRole Role, IReadOnlyList<string> Tenants, byte[] Hash)
{
    /// <summary>Who a request authenticated by this token comes from (<see cref="BearerTokenHandler"/>).</summary>
    public ApiCaller Caller => new(Name, Role, Tenants);

    public override string ToString() =>
        $"ApiToken {{ Name = {Name}, Role = {Role}, Tenants = [{string.Join(", ", Tenants)}] }}";
}

/// <summary>
/// The tokens the API accepts: <c>alertactors.http.api-token</c> (ALERTACTORS_API_TOKEN) as an admin token named
/// <c>api-token</c>, plus <c>alertactors.http.tokens = [ { name = ops, token = "...", role = operator, tenants = [] }
/// ]</c>. None configured = no auth. A token with a non-empty <c>tenants</c> list is limited to those tenants
/// (<see cref="TenantScope"/>).
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

    /// <summary>The configured tokens; every mistake (each naming its entry and key, never a secret) is recorded and
    /// that entry left out.</summary>
    public static ApiTokens Read(Config config, string apiToken, ConfigProblems problems)
    {
        var tokens = new List<ApiToken>();
        if (apiToken.Length > 0)
            tokens.Add(new ApiToken("api-token", ApiRole.Admin, [], HashOf(apiToken)));
        if (!config.HasPath(Key))
            return new ApiTokens(tokens);
        var value = config.GetValue(Key);
        if (!value.IsArray())
        {
            if (
                !value.Values.All(v =>
                    v is HoconArray || (v is HoconLiteral literal && string.IsNullOrWhiteSpace(literal.Value))
                )
            )
                problems.Add(
                    $"{Key}: must be a list [ {{ name = ..., token = \"...\", role = viewer|operator|admin }} ]"
                );
            return new ApiTokens(tokens);
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "api-token" };
        var index = 0;
        foreach (var item in value.GetArray())
        {
            var where = $"{Key}[{index++}]";
            if (problems.Try(() => ReadToken(item, where, names, problems), null) is { } token)
                tokens.Add(token);
        }
        return new ApiTokens(tokens);
    }

    private static ApiToken? ReadToken(HoconValue item, string where, HashSet<string> names, ConfigProblems problems)
    {
        if (!item.IsObject())
            throw new ConfigurationException(
                $"{where}: must be an object {{ name = ..., token = \"...\", role = ... }}"
            );
        var entry = item.ToConfig();
        var before = problems.Count;
        foreach (var (key, _) in entry.AsEnumerable().Where(kv => !TokenKeys.Contains(kv.Key)))
            problems.Add($"{where}.{key}: {UnknownKeys.Describe(key, TokenKeys)}");
        var name = entry.GetString("name", "").Trim();
        if (name.Length == 0)
            problems.Add($"{where}.name: is required");
        else if (!names.Add(name))
            problems.Add($"{where}.name: \"{name}\" is used twice");
        var secret = entry.GetString("token", "").Trim();
        if (secret.Length < 8)
            problems.Add($"{where}.token: is required and must be at least 8 characters (value not shown)");
        var roleText = entry.GetString("role", "").Trim();
        if (
            !Enum.TryParse<ApiRole>(roleText, ignoreCase: true, out var role)
            || !Enum.IsDefined(role)
            || int.TryParse(roleText, out _)
        )
            problems.Add($"{where}.role: \"{roleText}\" is not one of viewer, operator, admin");
        IReadOnlyList<string> tenants = [];
        if (entry.HasPath("tenants") && entry.GetValue("tenants").IsArray())
            tenants =
            [
                .. entry.GetValue("tenants").GetArray().Select(t => t.GetString().Trim()).Where(t => t.Length > 0),
            ];
        else if (
            entry.HasPath("tenants")
            && entry.GetValue("tenants") is var given
            && (given.IsObject() || given.IsString())
        )
            problems.Add($"{where}.tenants: must be a list of tenants [ site-a, ... ]");
        return problems.Count == before ? new ApiToken(name, role, tenants, HashOf(secret)) : null;
    }

    /// <summary>The token whose secret is <paramref name="presented"/>; every configured hash is compared, in constant
    /// time.</summary>
    public ApiToken? Match(string presented)
    {
        var hash = HashOf(presented);
        ApiToken? found = null;
        foreach (var token in Tokens)
            if (CryptographicOperations.FixedTimeEquals(hash, token.Hash) && found is null)
                found = token;
        return found;
    }

    public static string NameOf(ApiRole role) => role.ToString().ToLowerInvariant();
}
