using System.Collections;
using AlertActors.Configuration;

namespace AlertActors.Configuration.Tests;

/// <summary>An API reachable from other hosts needs a token, or the operator's explicit opt-in (then a warning at every
/// start).</summary>
public class HttpExposureCheckTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://127.0.0.2:8080")]
    [InlineData("http://localhost:8080")]
    [InlineData("http://LOCALHOST:8080/")]
    [InlineData("http://[::1]:8080")]
    [InlineData("https://127.0.0.1")]
    [InlineData("http://unix:/run/alertactors.sock")]
    [InlineData("http://pipe:/alertactors")]
    public void Loopback_sockets_and_pipes_are_not_exposed(string url)
    {
        Assert.Empty(HttpExposureCheck.ExposedUrls([url]));
        Assert.Empty(HttpExposureCheck.Problems([url], tokensConfigured: false, allowUnauthenticated: false));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://*:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("http://alertactors-0.alertactors-headless:8080")]
    [InlineData("https://example.org")]
    public void Any_other_address_is_exposed(string url) => Assert.Equal([url], HttpExposureCheck.ExposedUrls([url]));

    [Fact]
    public void Exposed_without_a_token_is_one_problem_naming_every_exposed_url_and_the_ways_out()
    {
        var problems = HttpExposureCheck.Problems(
            ["http://127.0.0.1:8080", "http://0.0.0.0:8081", "http://[::]:8082"],
            tokensConfigured: false,
            allowUnauthenticated: false
        );

        var problem = Assert.Single(problems);
        Assert.DoesNotContain('\n', problem);
        Assert.StartsWith(
            "alertactors.http: the API would listen on http://0.0.0.0:8081, http://[::]:8082, reachable from other hosts, without a token",
            problem
        );
        Assert.Contains("ALERTACTORS_API_TOKEN", problem);
        Assert.Contains(
            "alertactors.http.allow-unauthenticated = on (ALERTACTORS_ALLOW_UNAUTHENTICATED=true)",
            problem
        );
        Assert.Null(
            HttpExposureCheck.Warning(["http://0.0.0.0:8081"], tokensConfigured: false, allowUnauthenticated: false)
        );
    }

    [Fact]
    public void A_token_clears_it_and_an_opt_in_turns_it_into_a_warning()
    {
        Assert.Empty(
            HttpExposureCheck.Problems(["http://0.0.0.0:8080"], tokensConfigured: true, allowUnauthenticated: false)
        );
        Assert.Null(
            HttpExposureCheck.Warning(["http://0.0.0.0:8080"], tokensConfigured: true, allowUnauthenticated: true)
        );

        Assert.Empty(
            HttpExposureCheck.Problems(["http://0.0.0.0:8080"], tokensConfigured: false, allowUnauthenticated: true)
        );
        Assert.Contains(
            "http://0.0.0.0:8080 WITHOUT a token",
            HttpExposureCheck.Warning(["http://0.0.0.0:8080"], tokensConfigured: false, allowUnauthenticated: true)
        );
        Assert.Null(
            HttpExposureCheck.Warning(["http://127.0.0.1:8080"], tokensConfigured: false, allowUnauthenticated: true)
        );
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    [InlineData("on", true)]
    [InlineData("false", false)]
    public void The_opt_in_is_read_from_hocon_or_its_environment_variable(string? variable, bool expected)
    {
        var environment = new Hashtable();
        if (variable is not null)
            environment[HttpExposureCheck.OptInVariable] = variable;

        var settings = SettingsReader.Read(
            ConfigLoader.Load(RuleConfig.HoconDirectory, operatorFile: null, environment)
        );

        Assert.Equal(expected, settings.AllowUnauthenticated);
    }
}
