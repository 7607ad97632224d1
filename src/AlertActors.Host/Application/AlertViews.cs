using AlertActors.Domain.Alerts;
using AlertActors.Domain.Silences;
using AlertActors.Host.Api;

namespace AlertActors.Host.Application;

/// <summary>Alerts as the HTTP API shows them (<see cref="AlertJson"/>), with <c>silenced</c>: whether an active
/// silence matches the alert now.</summary>
public sealed class AlertViews(ISilenceLookup silences, TimeProvider time)
{
    /// <summary>With deliveries and timeline (one alert).</summary>
    public AlertJson Full(AlertState alert) => AlertJson.Full(alert, IsSilenced(alert));

    /// <summary>Without deliveries and timeline (a list).</summary>
    public AlertJson Brief(AlertState alert) => AlertJson.Brief(alert, IsSilenced(alert));

    private bool IsSilenced(AlertState alert) => silences.ActiveFor(alert, time.GetUtcNow()) is not null;
}
