using AlertActors.Domain.Reports;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// Published on the event stream once the journal write that recorded an acknowledgement or resolve of a firing period
/// has succeeded: the time to acknowledge or to resolve it measured (the metrics service records it in
/// <c>alertactors_time_to_acknowledge_seconds</c> / <c>alertactors_time_to_resolve_seconds</c>). Never published on
/// recovery, so a restart or a shard move does not measure a period again; a crash between the write and the
/// publication loses that one observation (the report, read from the journal's projection, still has it).
/// </summary>
public sealed record AlertResponseTimed(ResponseTime Measured);
