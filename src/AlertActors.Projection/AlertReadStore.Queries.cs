using System.Data.Common;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;

namespace AlertActors.Projection;

using static ReadStoreDatabase;

/// <summary>The readers' side of the store: the API's alert and dead-letter pages, the due-alert scheduler's window,
/// the metrics' counts.</summary>
public sealed partial class AlertReadStore
{
    /// <summary>Alerts newest first (last occurrence, then dedup key), filtered by status and tenant.</summary>
    public Task<AlertPage> ListAsync(
        AlertStatus? status,
        string? tenant,
        int offset,
        int limit,
        CancellationToken cancellationToken = default
    ) => ListAsync(status, tenant, null, offset, limit, cancellationToken);

    /// <summary>Alerts newest first, filtered by status, tenant and, when <paramref name="tenants"/> is not null, to
    /// those tenants only (an API token's scope).</summary>
    public async Task<AlertPage> ListAsync(
        AlertStatus? status,
        string? tenant,
        IReadOnlyCollection<string>? tenants,
        int offset,
        int limit,
        CancellationToken cancellationToken = default
    )
    {
        var where = new List<string>();
        if (status is not null)
            where.Add("status = @status");
        if (tenant is not null)
            where.Add("tenant = @tenant");
        if (tenants is not null)
            where.Add(TenantsFilter(tenants));
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read-only snapshot, so the page and the total agree.
        await using var transaction = await BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var count = Command(connection, "SELECT COUNT(*) FROM alert_list" + filter, transaction);
        await using var page = Command(
            connection,
            $"SELECT state_json FROM alert_list{filter} ORDER BY last_seen DESC, dedup_key LIMIT @limit OFFSET @offset",
            transaction
        );
        foreach (var command in new[] { count, page })
        {
            if (status is { } s)
                Add(command, "status", s.ToName());
            if (tenant is not null)
                Add(command, "tenant", tenant);
            if (tenants is not null)
                AddTenants(command, tenants);
        }
        Add(page, "limit", (long)limit);
        Add(page, "offset", (long)offset);

        var total = Convert.ToInt64(
            await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture
        );
        var alerts = new List<AlertState>(Math.Min(limit, 1000));
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                alerts.Add(Deserialize(reader.GetString(0)));
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AlertPage(alerts, total);
    }

    /// <summary>
    /// Alerts whose next due time is after <paramref name="after"/> (exclusive; null = no lower bound) and at most
    /// <paramref name="until"/>, soonest first, at most <paramref name="limit"/> of them (the due-alert scheduler's
    /// window).
    /// </summary>
    public async Task<IReadOnlyList<DueAlert>> ListDueAsync(
        DateTimeOffset? after,
        DateTimeOffset until,
        int limit,
        CancellationToken cancellationToken = default
    )
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection,
            $"""
            SELECT dedup_key, next_due_at, sequence_nr FROM alert_list
            WHERE next_due_at IS NOT NULL{(after is null ? "" : " AND next_due_at > @after")} AND next_due_at <= @until
            ORDER BY next_due_at LIMIT @limit
            """
        );
        if (after is { } from)
            Add(command, "after", from.ToUnixTimeMilliseconds());
        Add(command, "until", until.ToUnixTimeMilliseconds());
        Add(command, "limit", (long)limit);
        var due = new List<DueAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            due.Add(
                new DueAlert(
                    reader.GetString(0),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.GetInt64(2)
                )
            );
        return due;
    }

    /// <summary>How many alerts the list holds per status name (statuses without alerts are absent); for the alerts
    /// gauge.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(
        CancellationToken cancellationToken = default
    )
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT status, COUNT(*) FROM alert_list GROUP BY status");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>
    /// Dead deliveries across all alerts, paged one delivery at a time: alerts by their most recent dead
    /// delivery (newest first, then dedup key), and within an alert newest first. Only the rows that cover
    /// the page are read (a running sum of <c>dead_deliveries</c> places each row's deliveries in the list).
    /// </summary>
    public Task<DeadDeliveryPage> ListDeadAsync(int offset, int limit, CancellationToken cancellationToken = default) =>
        ListDeadAsync(null, offset, limit, cancellationToken);

    /// <summary>Dead deliveries as above; when <paramref name="tenants"/> is not null, only those of alerts of these
    /// tenants (an API token's scope).</summary>
    public async Task<DeadDeliveryPage> ListDeadAsync(
        IReadOnlyCollection<string>? tenants,
        int offset,
        int limit,
        CancellationToken cancellationToken = default
    )
    {
        var scope = tenants is null ? "" : " AND " + TenantsFilter(tenants);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var count = Command(
            connection,
            "SELECT COALESCE(SUM(dead_deliveries), 0) FROM alert_list WHERE dead_deliveries > 0" + scope,
            transaction
        );
        // "dead_deliveries > 0" literally, so the partial index ix_alert_list_dead applies.
        await using var page = Command(
            connection,
            $$"""
            SELECT dedup_key, state_json, upto - dead_deliveries AS before FROM (
                SELECT dedup_key, state_json, last_dead_at, dead_deliveries,
                       SUM(dead_deliveries) OVER (ORDER BY last_dead_at DESC, dedup_key ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto
                FROM alert_list WHERE dead_deliveries > 0{{scope}}
            ) ranked
            WHERE upto > @offset AND upto - dead_deliveries < @end
            ORDER BY last_dead_at DESC, dedup_key
            """,
            transaction
        );
        if (tenants is not null)
        {
            AddTenants(count, tenants);
            AddTenants(page, tenants);
        }
        Add(page, "offset", (long)offset);
        Add(page, "end", (long)offset + limit);

        var total = Convert.ToInt64(
            await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture
        );
        var deliveries = new List<DeadDelivery>(Math.Min(limit, 1000));
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var state = Deserialize(reader.GetString(1));
                var index = Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
                foreach (var delivery in DeadDeliverySummary.DeadDeliveriesOf(state))
                {
                    if (index >= offset && index < (long)offset + limit)
                        deliveries.Add(new DeadDelivery(state, delivery));
                    index++;
                }
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DeadDeliveryPage(deliveries, total);
    }

    /// <summary><c>tenant IN (@tenant0, ...)</c>; an empty set matches nothing.</summary>
    private static string TenantsFilter(IReadOnlyCollection<string> tenants) =>
        tenants.Count == 0 ? "1 = 0" : $"tenant IN ({string.Join(", ", tenants.Select((_, i) => "@tenant" + i))})";

    private static void AddTenants(DbCommand command, IReadOnlyCollection<string> tenants)
    {
        var i = 0;
        foreach (var tenant in tenants)
            Add(command, "tenant" + i++, tenant);
    }
}
