namespace AlertActors.Host.Startup;

/// <summary>
/// A check that can refuse a node: one line per problem, each starting with the key it is about
/// (<c>alertactors.cluster.port: ...</c>; a key an environment variable set is then named by that variable) and giving
/// the value, never a secret. Empty when all is well.
/// </summary>
public delegate IEnumerable<string> StartupCheck(NodeConfiguration node);

/// <summary>The checks a node passes before it starts. A new check is a function added to one of these lists.</summary>
public static class StartupChecks
{
    /// <summary>Checks of the configuration alone, without side effects: run by <c>check-config</c> and before every
    /// start.</summary>
    public static readonly IReadOnlyList<StartupCheck> Configuration =
    [
        node =>
            AlertActors.Configuration.HttpExposureCheck.Problems(
                node.Urls,
                node.Tokens.Enabled,
                node.Settings.AllowUnauthenticated
            ),
    ];

    /// <summary>
    /// Checks of this machine, run only before a start and only when the configuration itself has no problem: they
    /// create the data directory and the SQLite file, and probe the cluster port.
    /// </summary>
    public static readonly IReadOnlyList<StartupCheck> Machine = [SqliteFileCheck.Run, ClusterPortCheck.Run];
}
