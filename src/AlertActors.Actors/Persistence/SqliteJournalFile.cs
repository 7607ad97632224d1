using Microsoft.Data.Sqlite;

namespace AlertActors.Actors.Persistence;

/// <summary>
/// Prepares the SQLite file before the journal opens it: write-ahead logging, so readers (recovery, the
/// projection, queries) never block the writer and a commit is one sequential append with one fsync.
/// The journal mode is stored in the file, so every connection of the journal inherits it; durability
/// stays at SQLite's default (synchronous=FULL).
/// </summary>
public static class SqliteJournalFile
{
    public static void Prepare(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } directory) Directory.CreateDirectory(directory);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }
}
