using System.Text.Json;

namespace AlertActors.Domain.Events;

/// <summary>A validated CloudEvents 1.0 infrastructure event (docs/http-api.md "Events"), defaults applied.</summary>
public sealed record InfraEvent(
    string Id,
    string Source,
    string Type,
    DateTimeOffset Time,
    string? Subject,
    Severity Severity,
    string Tenant,
    EventAction Action,
    string? Summary,
    JsonElement? Data
)
{
    public const string DefaultTenant = "default";
}
