using AlertActors.Actors.Persistence;
using AlertActors.Configuration;

namespace AlertActors.Host.Startup;

/// <summary>
/// With SQLite: creates the data directory and the journal file (write-ahead logging on) before the journal opens it,
/// so a directory that cannot be created or written (<c>ALERTACTORS_DATA_DIR=/proc/forbidden</c>) refuses the start
/// with its path instead of failing later.
/// </summary>
public static class SqliteFileCheck
{
    /// <summary>A <see cref="StartupCheck"/>: nothing with PostgreSQL; with SQLite the file is prepared, or one problem
    /// names the key and path.</summary>
    public static IEnumerable<string> Run(NodeConfiguration node)
    {
        var persistence = node.Settings.Persistence;
        if (persistence.Provider != PersistenceSettings.Sqlite)
            return [];
        var path = SqliteJournalFile.PathOf(persistence.ConnectionString);
        try
        {
            SqliteJournalFile.Prepare(persistence.ConnectionString);
            return [];
        }
        catch (Exception ex)
            when (ex
                    is IOException
                        or UnauthorizedAccessException
                        or Microsoft.Data.Sqlite.SqliteException
                        or ArgumentException
            )
        {
            var key =
                node.Hocon.GetString("alertactors.persistence.connection-string", "").Trim().Length == 0
                    ? "alertactors.data-dir"
                    : "alertactors.persistence.connection-string";
            return [$"{key}: cannot create or open the SQLite database {path}: {ex.Message}"];
        }
    }
}
