using System.Text;
using System.Text.RegularExpressions;
using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary>
/// The one step provider answer text passes before anything keeps, shows or logs it: every configured secret in it
/// becomes
/// <see cref="Mask"/>. A provider, or a proxy in front of it, may echo the request in an error (a 401 body with the
/// <c>Authorization</c> header, a 400 body with the <c>routing_key</c>, a 404 page with the URL path of a Slack
/// webhook), and that text becomes a delivery's <c>detail</c>: journaled, shown by the API, logged on every retry, put
/// on trace spans.
/// </summary>
/// <remarks>
/// A secret is matched however an echo may have encoded each of its characters, in any mix and any case: as itself,
/// JSON-escaped (<c>\u002B</c>, <c>\/</c>), percent-encoded (UTF-8, <c>%2B</c>), form-encoded (<c>+</c> for a space) or
/// HTML-escaped (<c>&amp;amp;</c>,
/// <c>&amp;#x2F;</c>).
/// Case is ignored throughout (masking a differently cased look-alike is harmless). A URL secret (webhook, Slack) is
/// also matched by the parts that are secret on their own: its path and query, its last path segment, its query values
/// and its user info (of 8 or more characters each, so that <c>/in</c> or <c>?format=json</c> stay readable); a header
/// value <c>Scheme credentials</c> also by its credentials. Masking happens before the text is cut to
/// <see cref="MaxDetailLength"/>, so a cut never leaves the first part of a secret behind.
/// </remarks>
public sealed class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>A delivery's detail is cut to this many characters (UTF-16 code units, on a character boundary) after
    /// masking.</summary>
    public const int MaxDetailLength = 512;

    /// <summary>Masks nothing (no secret configured); still cuts details to <see cref="MaxDetailLength"/>.</summary>
    public static readonly SecretRedactor None = new([]);

    /// <summary>Parts of a URL secret shorter than this are not masked on their own (they are path words,
    /// flags).</summary>
    private const int MinPartLength = 8;

    private readonly Regex? _secrets;

    /// <param name="secrets">The secrets' values; empty and whitespace-only ones are skipped.</param>
    public SecretRedactor(IEnumerable<string> secrets)
    {
        var given = secrets.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).ToList();
        SecretCount = given.Count;
        // Longest first: where one secret contains another, the whole of the longer one is masked.
        var parts = given
            .SelectMany(PartsOf)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(p => p.Length)
            .ToList();
        if (parts.Count > 0)
            _secrets = new Regex(
                string.Join("|", parts.Select(PatternOf)),
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant
            );
    }

    /// <summary>How many secrets it masks (for start-up logs; never the secrets themselves).</summary>
    public int SecretCount { get; }

    /// <summary><paramref name="text"/> with every secret replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text) => _secrets is null ? text : _secrets.Replace(text, Mask);

    /// <summary>The outcome with its detail masked, then cut to <see cref="MaxDetailLength"/>: the only form in which
    /// it may be kept or shown.</summary>
    public DeliveryOutcome Redact(DeliveryOutcome outcome) =>
        outcome.Detail is null
            ? outcome
            : outcome with
            {
                Detail = TextLimits.Truncate(Redact(outcome.Detail), MaxDetailLength),
            };

    public override string ToString() => $"SecretRedactor {{ {SecretCount} secrets }}";

    /// <summary>A pattern matching <paramref name="secret"/> with each character in any of the encodings an echo may
    /// use.</summary>
    private static string PatternOf(string secret)
    {
        var pattern = new StringBuilder();
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in secret.EnumerateRunes())
        {
            var text = rune.ToString();
            var forms = new List<string>
            {
                Regex.Escape(text),
                string.Concat(text.Select(c => $@"\\u{(int)c:x4}")),
                string.Concat(utf8[..rune.EncodeToUtf8(utf8)].ToArray().Select(b => $"%{b:x2}")),
                $"&#0*{rune.Value};",
                $"&#x0*{rune.Value:x};",
            };
            forms.AddRange(
                rune.Value switch
                {
                    '/' => [@"\\/"],
                    '\\' => [@"\\\\"],
                    '"' => [@"\\""", "&quot;"],
                    ' ' => [@"\+"],
                    '&' => ["&amp;"],
                    '<' => ["&lt;"],
                    '>' => ["&gt;"],
                    _ => [],
                }
            );
            pattern.Append("(?:").AppendJoin('|', forms).Append(')');
        }
        return pattern.ToString();
    }

    /// <summary>The secret and the parts of it that are secret on their own, each as written and
    /// percent-decoded.</summary>
    private static IEnumerable<string> PartsOf(string secret)
    {
        var trimmed = secret.Trim();
        yield return trimmed;
        if (Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var parts = new List<string>
            {
                uri.PathAndQuery,
                uri.AbsolutePath.Split('/')[^1],
                uri.UserInfo,
                uri.UserInfo.Split(':', 2)[^1],
            };
            parts.AddRange(uri.Query.TrimStart('?').Split('&').Select(pair => pair.Split('=', 2)[^1]));
            foreach (var part in parts.Where(p => p.Length >= MinPartLength))
            {
                yield return part;
                yield return Uri.UnescapeDataString(part);
            }
        }
        else if (
            trimmed.IndexOf(' ') is var space and > 0
            && trimmed[(space + 1)..].Trim() is { Length: > 0 } credentials
        )
        {
            yield return credentials; // "Bearer abc", "GenieKey abc", "Basic dXNlcjpwYXNz"
        }
    }
}
