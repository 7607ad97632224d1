using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlertActors.Domain.Silences;

/// <summary>A matcher as a client sends it (every part optional, so validation can name what is missing).</summary>
public sealed record SilenceMatcherRequest(string? Name, string? Value, bool IsRegex = false, bool IsEqual = true)
{
    /// <summary>Reading the JSON already reported a problem with the name; validation adds no more for it.</summary>
    internal bool NameReported { get; init; }

    /// <summary>Reading the JSON already reported a problem with the value (or the whole matcher).</summary>
    internal bool ValueReported { get; init; }
}

/// <summary>
/// A request to create a silence, as sent (POST /api/v1/silences). <see cref="Validate"/> turns it into a
/// <see cref="Silence"/> or lists every problem at once.
/// </summary>
public sealed partial record SilenceRequest
{
    public const int MaxMatchers = 32;
    public const int MaxValueLength = 1024;
    public const int MaxCreatedByLength = 256;
    public const int MaxCommentLength = 4096;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(90);

    public ImmutableArray<SilenceMatcherRequest> Matchers { get; init; } = [];

    /// <summary>RFC 3339; absent means now. A time in the past is taken as now (Alertmanager does the same).</summary>
    public string? StartsAt { get; init; }

    /// <summary>RFC 3339; give either this or <see cref="Duration"/>.</summary>
    public string? EndsAt { get; init; }

    /// <summary>From the start, e.g. <c>2h</c>, <c>1h30m</c>, <c>3d</c>; give either this or
    /// <see cref="EndsAt"/>.</summary>
    public string? Duration { get; init; }

    public string? CreatedBy { get; init; }

    public string? Comment { get; init; }

    /// <summary>The silence this request describes, with id <paramref name="id"/>, or every problem with it.</summary>
    public SilenceValidation Validate(DateTimeOffset now, string id)
    {
        var problems = new List<string>();
        var matchers = ValidateMatchers(problems);

        var startsAt = now;
        if (StartsAt is not null)
        {
            if (!TryParseRfc3339(StartsAt, out var start))
                problems.Add($"starts_at: \"{StartsAt}\" is not an RFC 3339 time");
            else if (start > now)
                startsAt = start;
        }

        DateTimeOffset? endsAt = null;
        if (EndsAt is not null && Duration is not null)
        {
            problems.Add("ends_at, duration: give one of them, not both");
        }
        else if (EndsAt is not null)
        {
            if (!TryParseRfc3339(EndsAt, out var end))
                problems.Add($"ends_at: \"{EndsAt}\" is not an RFC 3339 time");
            else
                endsAt = end;
        }
        else if (Duration is not null)
        {
            if (!SilenceDuration.TryParse(Duration, out var duration) || duration <= TimeSpan.Zero)
                problems.Add($"duration: \"{Duration}\" is not a positive duration such as 30m, 2h, 1h30m or 3d");
            else if (duration > MaxDuration)
                problems.Add($"duration: {Duration} is longer than the limit of {MaxDuration.TotalDays:0} days");
            else
                endsAt = startsAt + duration;
        }
        else
        {
            problems.Add("ends_at: required (or give duration, e.g. \"2h\")");
        }

        if (endsAt is { } ends && EndsAt is not null)
        {
            if (ends <= now)
                problems.Add($"ends_at: {EndsAt} is not in the future");
            else if (ends <= startsAt)
                problems.Add($"ends_at: {EndsAt} is not after starts_at");
            else if (ends - startsAt > MaxDuration)
                problems.Add(
                    $"ends_at: the silence would last longer than the limit of {MaxDuration.TotalDays:0} days"
                );
        }

        var createdBy = Required("created_by", CreatedBy, MaxCreatedByLength, problems);
        var comment = Required("comment", Comment, MaxCommentLength, problems);

        return problems.Count > 0 || endsAt is null || createdBy is null || comment is null
            ? SilenceValidation.Invalid(problems)
            : SilenceValidation.Valid(new Silence(id, matchers, startsAt, endsAt.Value, createdBy, comment));
    }

    /// <summary>
    /// Reads a JSON request body (snake_case). Problems with field types are added to
    /// <paramref name="problems"/> and what could be read is returned, so validation can report the rest
    /// too; null (with the one problem) if the body is not a JSON object at all.
    /// </summary>
    public static SilenceRequest? FromJson(ReadOnlySpan<byte> utf8Json, List<string> problems)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
                throw new JsonException("content after the JSON value");
        }
        catch (JsonException ex)
        {
            problems.Add($"body: not valid JSON ({ex.Message})");
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add("body: must be a JSON object");
                return null;
            }
            var matchers = ImmutableArray<SilenceMatcherRequest>.Empty;
            if (root.TryGetProperty("matchers", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                    problems.Add("matchers: must be an array of {name, value, is_regex, is_equal}");
                else
                    matchers = [.. list.EnumerateArray().Select((m, i) => ReadMatcher(m, $"matchers[{i}]", problems))];
            }
            return new SilenceRequest
            {
                Matchers = matchers,
                StartsAt = ReadString(root, "starts_at", problems),
                EndsAt = ReadString(root, "ends_at", problems),
                Duration = ReadString(root, "duration", problems),
                CreatedBy = ReadString(root, "created_by", problems),
                Comment = ReadString(root, "comment", problems),
            };
        }
    }

    private ImmutableArray<SilenceMatcher> ValidateMatchers(List<string> problems)
    {
        var requested = Matchers.IsDefault ? [] : Matchers;
        if (requested.IsEmpty)
        {
            problems.Add("matchers: at least one matcher is required");
            return [];
        }
        if (requested.Length > MaxMatchers)
            problems.Add($"matchers: {requested.Length} matchers; the limit is {MaxMatchers}");

        var matchers = ImmutableArray.CreateBuilder<SilenceMatcher>(requested.Length);
        for (var i = 0; i < requested.Length; i++)
        {
            if (ValidateMatcher(requested[i], $"matchers[{i}]", problems) is { } matcher)
                matchers.Add(matcher);
        }

        // Alertmanager's guard: a silence whose every matcher also matches a missing field would silence
        // (nearly) everything, e.g. a lone subject!="x".
        if (matchers.Count == requested.Length && matchers.All(m => m.MatchesValue("")))
            problems.Add(
                "matchers: at least one matcher must not match the empty string, or the silence would cover (nearly) every alert"
            );
        return matchers.ToImmutable();
    }

    private static SilenceMatcher? ValidateMatcher(SilenceMatcherRequest request, string prefix, List<string> problems)
    {
        var (name, value, isRegex, isEqual) = request;
        var before = problems.Count;
        if (!request.NameReported)
        {
            if (string.IsNullOrEmpty(name))
                problems.Add($"{prefix}.name: required, one of {string.Join(", ", SilenceMatcher.FieldNames)}");
            else if (!SilenceMatcher.IsKnownField(name))
                problems.Add(
                    $"{prefix}.name: \"{name}\" is not an alert field; use one of {string.Join(", ", SilenceMatcher.FieldNames)}"
                );
        }
        if (!request.ValueReported)
        {
            if (value is null)
                problems.Add($"{prefix}.value: required");
            else if (value.Length > MaxValueLength)
                problems.Add($"{prefix}.value: is {value.Length} characters; the limit is {MaxValueLength}");
            else if (isRegex && !SilenceMatcher.TryCompile(value, out _, out var error))
                problems.Add($"{prefix}.value: \"{value}\" is not a valid regular expression ({error})");
        }
        return
            problems.Count == before
            && !request.NameReported
            && !request.ValueReported
            && name is not null
            && value is not null
            ? new SilenceMatcher(name, value, isRegex, isEqual)
            : null;
    }

    private static string? Required(string field, string? value, int maxLength, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field}: required");
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length <= maxLength)
            return trimmed;
        problems.Add($"{field}: is {trimmed.Length} characters; the limit is {maxLength}");
        return null;
    }

    private static SilenceMatcherRequest ReadMatcher(JsonElement element, string prefix, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{prefix}: must be an object {{name, value, is_regex, is_equal}}");
            return new SilenceMatcherRequest(null, null) { NameReported = true, ValueReported = true };
        }
        var count = problems.Count;
        var name = ReadString(element, "name", problems, prefix);
        var nameReported = problems.Count > count;
        count = problems.Count;
        var value = ReadString(element, "value", problems, prefix);
        var isRegex = ReadBool(element, "is_regex", false, problems, prefix);
        var isEqual = ReadBool(element, "is_equal", true, problems, prefix);
        return new SilenceMatcherRequest(name, value, isRegex, isEqual)
        {
            NameReported = nameReported,
            ValueReported = problems.Count > count,
        };
    }

    private static string? ReadString(JsonElement obj, string name, List<string> problems, string? prefix = null)
    {
        if (!obj.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
            return null;
        if (property.ValueKind == JsonValueKind.String)
            return property.GetString();
        problems.Add($"{(prefix is null ? "" : prefix + ".")}{name}: must be a string");
        return null;
    }

    private static bool ReadBool(JsonElement obj, string name, bool fallback, List<string> problems, string prefix)
    {
        if (!obj.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
            return fallback;
        if (property.ValueKind is JsonValueKind.True or JsonValueKind.False)
            return property.GetBoolean();
        problems.Add($"{prefix}.{name}: must be true or false");
        return fallback;
    }

    private static bool TryParseRfc3339(string text, out DateTimeOffset time)
    {
        if (
            Rfc3339Shape().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time)
        )
        {
            time = time.ToUniversalTime();
            return true;
        }
        time = default;
        return false;
    }

    [GeneratedRegex(
        @"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})\z",
        RegexOptions.CultureInvariant
    )]
    private static partial Regex Rfc3339Shape();
}

/// <summary>The outcome of <see cref="SilenceRequest.Validate"/>: a silence, or every problem.</summary>
public sealed record SilenceValidation(Silence? Silence, IReadOnlyList<string> Problems)
{
    public bool IsValid => Silence is not null;

    public static SilenceValidation Valid(Silence silence) => new(silence, []);

    public static SilenceValidation Invalid(IReadOnlyList<string> problems) => new(null, problems);
}
