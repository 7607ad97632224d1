using Akka.Configuration;
using AlertActors.Configuration;

namespace AlertActors.Configuration.Tests;

/// <summary><c>alertactors.persistence</c>: the provider and its connection string.</summary>
public class PersistenceSettingsTests
{
    private static readonly Config Base = ConfigurationFactory.ParseString(
        File.ReadAllText(Path.Combine(RuleConfig.HoconDirectory, "alertactors.conf"))
    );

    [Theory]
    [InlineData("PostgreSQL")]
    [InlineData("postgresql")]
    public void The_provider_is_read_in_any_case(string written)
    {
        var settings = SettingsReader.Read(
            ConfigurationFactory
                .ParseString(
                    $"alertactors.persistence {{ provider = {written}, connection-string = \"Host=db;Database=alertactors\" }}"
                )
                .WithFallback(Base)
        );

        Assert.Equal(PersistenceSettings.PostgreSql, settings.Persistence.Provider);
    }
}
