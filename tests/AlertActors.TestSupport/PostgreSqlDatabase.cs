using Npgsql;

namespace AlertActors.TestSupport;

/// <summary>A fresh database per test (or bench run) on the server named by ALERTACTORS_TEST_POSTGRES, dropped
/// afterwards.</summary>
public sealed class PostgreSqlDatabase : IDisposable
{
    public const string Variable = "ALERTACTORS_TEST_POSTGRES";
    private readonly string _server;

    public PostgreSqlDatabase()
    {
        _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{Variable} is not set: this needs a PostgreSQL server. Start one with: export {Variable}=$(bash .ci/postgres.sh)"
            );
        Name = $"alertactors_test_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// false: the database refuses every new connection (<c>ALTER DATABASE ... ALLOW_CONNECTIONS false</c>) and the
    /// open ones are ended, as if the server had gone away for the nodes; true: it takes connections again.
    /// </summary>
    public void AllowConnections(bool allowed)
    {
        Execute($"ALTER DATABASE {Name} ALLOW_CONNECTIONS {(allowed ? "true" : "false")}");
        if (!allowed)
            Execute($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}'");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" }.ConnectionString
        );
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }
}
