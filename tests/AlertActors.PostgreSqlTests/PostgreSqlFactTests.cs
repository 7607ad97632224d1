using System.Reflection;
using AlertActors.TestSupport;

namespace AlertActors.PostgreSqlTests;

/// <summary>The suite skips itself, saying how to run it, on a machine without a PostgreSQL server (these two run
/// everywhere).</summary>
public sealed class PostgreSqlFactTests
{
    [Fact]
    public void Without_a_server_the_suite_is_skipped_with_how_to_run_it()
    {
        foreach (var unset in new[] { null, "", "  " })
        {
            var reason = PostgreSqlFactAttribute.SkipReason(unset);
            Assert.NotNull(reason);
            Assert.Contains(PostgreSqlDatabase.Variable, reason);
            Assert.Contains("bash .ci/postgres.sh", reason);
        }
        Assert.Null(PostgreSqlFactAttribute.SkipReason("Host=127.0.0.1;Username=postgres"));
    }

    [Fact]
    public void Every_test_that_opens_a_database_is_a_PostgreSqlFact()
    {
        var plainFacts = typeof(PostgreSqlFactTests)
            .Assembly.GetTypes()
            .Where(t => t != typeof(PostgreSqlFactTests))
            .SelectMany(t =>
                t.GetMethods(
                    BindingFlags.Public
                        | BindingFlags.NonPublic
                        | BindingFlags.Instance
                        | BindingFlags.Static
                        | BindingFlags.DeclaredOnly
                )
            )
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any(a => a is not PostgreSqlFactAttribute))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();
        Assert.Empty(plainFacts);
    }
}
