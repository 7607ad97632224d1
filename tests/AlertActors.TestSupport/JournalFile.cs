using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace AlertActors.TestSupport;

/// <summary>Reads a node's SQLite journal directly, as an operator's query would.</summary>
public static class JournalFile
{
    /// <summary>
    /// How many occurrences the alerts' journal rows record: a row of one occurrence
    /// (<c>alert.occurrence-recorded</c>), the occurrences inside a write's <c>alert.batch</c> (also inside the
    /// trace-carrying <c>alert.traced</c>), and (journals of earlier versions) the CLR-named forms. 0 before the
    /// journal table exists.
    /// </summary>
    public static long RecordedOccurrences(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT manifest, message FROM journal WHERE persistence_id LIKE 'alert-%'";
        try
        {
            using var rows = command.ExecuteReader();
            long count = 0;
            while (rows.Read())
                count += OccurrencesIn(rows.GetString(0), (byte[])rows[1]);
            return count;
        }
        catch (SqliteException)
        {
            return 0;
        }
    }

    private static long OccurrencesIn(string manifest, byte[] message) =>
        manifest switch
        {
            "alert.occurrence-recorded" or "AlertActors.Domain.Alerts.AlertEvents+OccurrenceRecorded" => 1,
            "alert.occurrences-recorded" or "AlertActors.Domain.Alerts.AlertEvents+OccurrencesRecorded" => JsonDocument
                .Parse(message)
                .RootElement.GetProperty("Occurrences")
                .GetArrayLength(),
            "alert.batch" => JsonDocument
                .Parse(message)
                .RootElement.GetProperty("Events")
                .EnumerateArray()
                .Sum(OccurrencesIn),
            "alert.traced" => OccurrencesIn(JsonDocument.Parse(message).RootElement.GetProperty("Event")),
            _ => 0,
        };

    /// <summary>An alert journal event inside another (<c>{"type": manifest, "event": {...}}</c>).</summary>
    private static long OccurrencesIn(JsonElement inner) =>
        OccurrencesIn(
            inner.GetProperty("type").GetString()!,
            JsonSerializer.SerializeToUtf8Bytes(inner.GetProperty("event"))
        );
}
