using AlertActors.Actors.Persistence;
using AlertActors.Configuration;
using AlertActors.Host.Startup;

namespace AlertActors.Host.Startup;

/// <summary>
/// What an operator needs to see once at start: where the data is (the SQLite file depends on the working directory)
/// and, per provider, whether it delivers or is in dry-run and why (a dry-run node pages nobody, so that line is a
/// warning).
/// </summary>
public static class StartupLog
{
    public static void Write(ILogger logger, NodeConfiguration node)
    {
        var settings = node.Settings;
        if (settings.Persistence.Provider == PersistenceSettings.Sqlite)
            logger.LogInformation(
                "Data directory {DataDirectory}; SQLite journal {DatabaseFile}",
                Path.GetFullPath(settings.DataDir),
                SqliteJournalFile.PathOf(settings.Persistence.ConnectionString)
            );
        else
            logger.LogInformation(
                "Journal on {Provider} (alertactors.persistence.connection-string / ALERTACTORS_DB)",
                settings.Persistence.Provider
            );
        foreach (var mode in ProviderMode.Of(settings))
        {
            if (mode.IsDryRun)
                logger.LogWarning(
                    "Provider {Provider}: {Mode}, {Reason}; its deliveries are recorded and logged, not sent",
                    mode.Provider,
                    mode.Mode.ToUpperInvariant(),
                    mode.Reason
                );
            else
                logger.LogInformation("Provider {Provider}: delivering ({Reason})", mode.Provider, mode.Reason);
        }
    }
}
