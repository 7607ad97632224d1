using Npgsql;

namespace AlertActors.Bench;

/// <summary>
/// A fresh PostgreSQL database for a multi-node scenario, on the server named by ALERTACTORS_TEST_POSTGRES
/// (<c>bash .ci/postgres.sh</c> installs, starts and prints one); dropped afterwards.
/// </summary>
public sealed class BenchDatabase : IDisposable
{
    public const string Variable = "ALERTACTORS_TEST_POSTGRES";
    private readonly string _server;

    private BenchDatabase(string server)
    {
        _server = server;
        Name = $"alertactors_bench_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = Name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>HOCON selecting this database as the journal, snapshot store and read model.</summary>
    public string Hocon => $"alertactors.persistence {{ provider = postgresql, connection-string = \"{ConnectionString}\" }}";

    public static BenchDatabase Create() => new(Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException(
            $"{Variable} is not set: this scenario runs three nodes on PostgreSQL. Start one with: export {Variable}=$(bash .ci/postgres.sh)"));

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" }.ConnectionString);
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
