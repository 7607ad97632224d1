using AlertActors.Domain.Silences;

namespace AlertActors.Host.Api;

/// <summary>A silence as the HTTP API shows it; snake_case on the wire.</summary>
public sealed record SilenceJson(
    string Id,
    string Status,
    IReadOnlyList<SilenceMatcherJson> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment
)
{
    public static SilenceJson From(Silence silence, DateTimeOffset now) =>
        new(
            silence.Id,
            silence.StatusAt(now).ToName(),
            silence.Matchers.Select(m => new SilenceMatcherJson(m.Name, m.Value, m.IsRegex, m.IsEqual)).ToList(),
            silence.StartsAt,
            silence.EndsAt,
            silence.CreatedBy,
            silence.Comment
        );
}

public sealed record SilenceMatcherJson(string Name, string Value, bool IsRegex, bool IsEqual);
