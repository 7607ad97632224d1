using System.Collections.Immutable;
using System.Text.Json;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;

namespace AlertActors.Domain.Alerts;

/// <summary>One event as seen by one alert: what the rule made of it.</summary>
public sealed record Occurrence(
    string EventId,
    DateTimeOffset At,
    EventAction Action,
    Severity Severity,
    string Summary,
    string Source,
    string Type,
    string? Subject,
    string Tenant,
    string Rule,
    ImmutableArray<string> Providers,
    JsonElement? Details,
    AlertPolicy Policy,
    bool ChangeEvent = false,
    Groups.GroupRef? Group = null
);
