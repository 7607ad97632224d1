using Microsoft.Data.Sqlite;

namespace AlertActors.Actors.Persistence;

/// <summary>
/// With SQLite the read store (tables <c>alert_list</c> and <c>projection_offset</c>) is a file of its own beside the journal's
/// (<c>alertactors.db</c> → <c>alertactors-read.db</c>). SQLite lets one transaction write a file at a time: in the journal's file the
/// projection's transactions and the journal's writes waited on each other's lock. The read store can always be rebuilt from the
/// journal (delete the file and the projection replays it); a node whose read store is still inside the journal's file, as versions
/// before this one wrote it, moves it here on start (<see cref="AdoptFromJournal"/>).
/// </summary>
public static class SqliteReadStoreFile
{
    private static readonly string[] Tables = ["alert_list", "projection_offset"];

    /// <summary>
    /// The connection string of the read store beside the journal <paramref name="journalConnectionString"/> names: the same settings,
    /// the file <c>&lt;name&gt;-read&lt;extension&gt;</c> in the same directory. An in-memory database (<c>:memory:</c>) is returned as it is.
    /// </summary>
    public static string ConnectionStringBeside(string journalConnectionString)
    {
        var builder = new SqliteConnectionStringBuilder(journalConnectionString);
        if (builder.DataSource is "" or ":memory:" || builder.Mode == SqliteOpenMode.Memory) return journalConnectionString;
        var journal = builder.DataSource;
        builder.DataSource = Path.Combine(Path.GetDirectoryName(journal) ?? "",
            Path.GetFileNameWithoutExtension(journal) + "-read" + Path.GetExtension(journal));
        return builder.ToString();
    }

    /// <summary>
    /// Moves the read store's tables, with their rows, indexes and the schema they had, from the journal's file at
    /// <paramref name="journalPath"/> into the read store's file <paramref name="readStore"/> (open), when the read store has none yet
    /// and the journal's file has them; then drops them from the journal's file. The caller's schema migration runs after it as on any
    /// older table. Nothing happens when the read store has its tables or the journal's file has none (or does not exist).
    /// </summary>
    /// <exception cref="SqliteException">Either file cannot be read or written.</exception>
    public static void AdoptFromJournal(SqliteConnection readStore, string journalPath)
    {
        if (!File.Exists(journalPath) || HasTable(readStore, "main", "alert_list")) return;
        Execute(readStore, "ATTACH DATABASE @path AS journal", null, ("path", journalPath));
        try
        {
            if (!HasTable(readStore, "journal", "alert_list")) return;
            // Deferred: the journal's file is only read here, so its writer is not held up.
            using (var transaction = readStore.BeginTransaction(deferred: true))
            {
                foreach (var table in Tables.Where(table => HasTable(readStore, "journal", table, transaction)))
                {
                    // The table as the older version created it, so the usual migration of an older table follows.
                    foreach (var definition in Definitions(readStore, table, transaction)) Execute(readStore, definition, transaction);
                    Execute(readStore, $"INSERT INTO main.{table} SELECT * FROM journal.{table}", transaction);
                }
                transaction.Commit();
            }
            foreach (var table in Tables) Execute(readStore, $"DROP TABLE IF EXISTS journal.{table}");
        }
        finally
        {
            Execute(readStore, "DETACH DATABASE journal");
        }
    }

    /// <summary>The CREATE TABLE statement of <paramref name="table"/> in the attached journal, then those of its indexes.</summary>
    private static List<string> Definitions(SqliteConnection connection, string table, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT sql FROM journal.sqlite_master WHERE tbl_name = @table AND sql IS NOT NULL ORDER BY type DESC";
        command.Parameters.AddWithValue("@table", table);
        using var reader = command.ExecuteReader();
        var statements = new List<string>();
        while (reader.Read()) statements.Add(reader.GetString(0));
        return statements;
    }

    private static bool HasTable(SqliteConnection connection, string schema, string table, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COUNT(*) FROM {schema}.sqlite_master WHERE type = 'table' AND name = @table";
        command.Parameters.AddWithValue("@table", table);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue("@" + name, value);
        command.ExecuteNonQuery();
    }
}
