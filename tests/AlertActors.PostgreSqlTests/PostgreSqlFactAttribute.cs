using AlertActors.TestSupport;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// A test that needs the PostgreSQL server named by <c>ALERTACTORS_TEST_POSTGRES</c>
/// (<see cref="PostgreSqlDatabase.Variable"/>): it skips itself, saying how to run it, when the variable is not set, so
/// <c>dotnet test AlertActors.sln</c> passes on a machine without one.
/// </summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute() =>
        Skip = SkipReason(Environment.GetEnvironmentVariable(PostgreSqlDatabase.Variable));

    /// <summary>Null when <paramref name="server"/> (the variable's value) names a server, else the message the skipped
    /// test shows.</summary>
    public static string? SkipReason(string? server) =>
        string.IsNullOrWhiteSpace(server)
            ? $"set {PostgreSqlDatabase.Variable}=<connection string> (export {PostgreSqlDatabase.Variable}=$(bash .ci/postgres.sh)) to run the PostgreSQL suite"
            : null;
}
