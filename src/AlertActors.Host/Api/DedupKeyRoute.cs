using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace AlertActors.Host.Api;

/// <summary>
/// Reads a dedup key from its path segment (<c>/api/v1/alerts/{dedupKey}</c>, <c>.../{dedupKey}/acknowledge</c>)
/// percent-decoded exactly once (RFC 3986 §2.1, UTF-8), so every key, including ones holding <c>%</c>, <c>/</c>,
/// <c>+</c>, spaces or non-ASCII characters, has exactly one URL (<c>Uri.EscapeDataString(key)</c>) and no URL reaches
/// another key.
/// </summary>
/// <remarks>
/// Kestrel decodes the path before routing except for <c>%2F</c>, which it keeps encoded so that it does not split
/// segments. A route value is therefore half decoded, and decoding it again is ambiguous: <c>x%252Fy</c> (the key
/// <c>x%2Fy</c>) and <c>x%2Fy</c> (the key
/// <c>x/y</c>) both arrive as <c>x%2Fy</c>. The key is taken from the request's raw target instead, where raw <c>/</c>
/// only ever separates segments.
/// </remarks>
public static partial class DedupKeyRoute
{
    /// <summary>
    /// The key of the path segment that routing matched as <paramref name="routeValue"/>,
    /// <paramref name="segmentsAfter"/> segments before the end of the path (0 for <c>/api/v1/alerts/{dedupKey}</c>, 1
    /// for <c>/api/v1/alerts/{dedupKey}/acknowledge</c>); null when the raw target does not hold that segment where
    /// routing saw it (a path the server rewrote, e.g. one with <c>..</c> segments).
    /// </summary>
    public static string? Read(HttpContext context, string routeValue, int segmentsAfter = 0)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
            return null;
        var end = raw.IndexOfAny(['?', '#']);
        var segments = (end < 0 ? raw : raw[..end]).Split('/');
        var index = segments.Length - 1 - segmentsAfter;
        if (index < 0)
            return null;
        var segment = segments[index];
        // The same segment as routing's, decoded Kestrel's way (everything but %2F): else it is not the one routing
        // matched.
        return KestrelDecoded(segment) == routeValue ? Uri.UnescapeDataString(segment) : null;
    }

    /// <summary>The route value's 400 when <see cref="Read"/> found no key.</summary>
    public static BadRequestProblem Unreadable() =>
        new(
            "the dedup key in the path could not be read: percent-encode it as one segment (Uri.EscapeDataString: / as %2F, % as %25)"
        );

    private static string KestrelDecoded(string segment) =>
        string.Join(
            "",
            EncodedSlash().Split(segment).Select((part, i) => i % 2 == 1 ? part : Uri.UnescapeDataString(part))
        );

    /// <summary>Captured, so the split keeps each <c>%2F</c> (in its own case) between the parts around it.</summary>
    [GeneratedRegex("(%2F)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EncodedSlash();
}
