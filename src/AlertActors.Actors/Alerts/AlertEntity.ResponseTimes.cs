using AlertActors.Domain.Reports;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// The response times the alert's decisions measure (<see cref="Domain.Alerts.AlertState.ResponseTimesOf"/>): kept
/// with the events not yet written, taken by the write that journals them and published
/// (<see cref="AlertResponseTimed"/>) only once that write has succeeded, so each is observed once, live.
/// </summary>
public sealed partial class AlertEntity
{
    private readonly List<ResponseTime> _responseTimes = [];

    private List<ResponseTime> TakeResponseTimes()
    {
        if (_responseTimes.Count == 0)
            return [];
        var taken = new List<ResponseTime>(_responseTimes);
        _responseTimes.Clear();
        return taken;
    }

    private void PublishResponseTimes(List<ResponseTime> measured)
    {
        foreach (var responseTime in measured)
            Context.System.EventStream.Publish(new AlertResponseTimed(responseTime));
    }
}
