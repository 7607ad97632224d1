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
    /// <summary>Creates the file's directory and the file, and turns write-ahead logging on.</summary>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory may not be written.</exception>
    /// <exception cref="SqliteException">SQLite cannot open or create the file.</exception>
    public static void Prepare(string connectionString)
    {
        if (Path.GetDirectoryName(PathOf(connectionString)) is { } directory)
            Directory.CreateDirectory(directory);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>The absolute path of the database file a SQLite connection string names (relative to the working
    /// directory).</summary>
    public static string PathOf(string connectionString) =>
        Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
}
