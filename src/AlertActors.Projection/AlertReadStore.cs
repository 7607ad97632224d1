using System.Data.Common;
using System.Text.Json;
using AlertActors.Actors.Serialization;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;

namespace AlertActors.Projection;

/// <summary>
/// The persisted alert list, in the journal's database (SQLite or PostgreSQL): table <c>alert_list</c>
/// (one row per dedup key, the <see cref="AlertState"/> as JSON plus the columns the list filters and sorts
/// on) and table <c>projection_offset</c> (how far in the journal's ordering each projection has got).
/// The columns <c>dead_deliveries</c> and <c>last_dead_at</c> (<see cref="DeadDeliverySummary"/>) make the
/// cluster-wide dead-letter list a query over the alerts that have any.
/// The column <c>next_due_at</c> (<see cref="AlertState.NextDueAt"/>, Unix milliseconds, NULL when never) is the index
/// the due-alert scheduler reads, so alerts with nothing but timers need not stay in memory.
/// The schema is created on first use, and a table from an earlier version is migrated: missing columns
/// are added and rows written without them are back-filled from their JSON. Rows and the offset are written in one
/// transaction; both writes only ever move forward, so a replayed or concurrent write can never take the table back in
/// time.
/// </summary>
/// <remarks>
/// Split by concern: the projection's writes (<c>AlertReadStore.Writes.cs</c>), the readers' queries
/// (<c>AlertReadStore.Queries.cs</c>), the schema and its migrations (<see cref="AlertListSchema"/>) and the database
/// in either dialect (<see cref="ReadStoreDatabase"/>).
/// </remarks>
public sealed partial class AlertReadStore
{
    private readonly ReadStoreDatabase _database;
    private readonly AlertListSchema _schema;
    private readonly TimeSpan _deliveryResumeAfter;

    /// <param name="deliveryResumeAfter">Passed to <see cref="AlertState.NextDueAt"/>: how long after it was scheduled
    /// a pending delivery makes its alert due (<c>alertactors.scheduler.delivery-resume-after</c>).</param>
    public AlertReadStore(PersistenceSettings settings, TimeSpan? deliveryResumeAfter = null)
    {
        _deliveryResumeAfter = deliveryResumeAfter ?? new DueAlertSchedulerSettings().DeliveryResumeAfter;
        _database = new ReadStoreDatabase(settings);
        _schema = new AlertListSchema(_database, NextDueOf);
    }

    /// <summary>The <c>next_due_at</c> of <paramref name="state"/> (stored in Unix milliseconds), or null when it has
    /// none.</summary>
    public DateTimeOffset? NextDueOf(AlertState state) => state.NextDueAt(_deliveryResumeAfter);

    /// <summary>Whether the database that holds the journal answers a trivial query within <paramref name="timeout"/>
    /// (the node's <c>journal_reachable</c> readiness check).</summary>
    public Task<bool> IsReachableAsync(TimeSpan timeout) => _database.IsReachableAsync(timeout);

    /// <summary>Creates the tables once per process; a failed attempt is retried on the next call.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) =>
        _schema.EnsureAsync(cancellationToken);

    /// <summary>The sort key: the last occurrence (else the last change) in Unix milliseconds.</summary>
    private static long LastSeenOf(AlertState state) =>
        (
            state.LastSeen ?? state.Timeline.LastOrDefault()?.At ?? state.FirstSeen ?? DateTimeOffset.UnixEpoch
        ).ToUnixTimeMilliseconds();

    internal static AlertState Deserialize(string json) =>
        JsonSerializer.Deserialize<AlertState>(json, AlertJsonSerializer.Options)
        ?? throw new JsonException("empty alert_list.state_json");

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
    }
}
