using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// A node its configuration or machine refuses exits 78 (EX_CONFIG) with one line per problem naming the key or
/// environment variable and the value, and no stack trace; a node never shares its cluster address with another.
/// </summary>
public sealed class StartupRefusalTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_problem_is_printed_once_on_its_own_line_and_the_node_exits_78_without_a_stack_trace()
    {
        var config = await NodeProcess.WriteConfigAsync(
            _directory,
            """
            alertactors.pagerduty.routing_key = "R0123456789"
            alertactors.rulez = []
            """
        );

        var (exitCode, _, err) = await NodeProcess.RunToExitAsync(
            _directory,
            ["--config", config],
            new Dictionary<string, string> { ["CLUSTER_PORT"] = "abc", ["CLUSTER_SEEDS"] = "garbage" }
        );

        Assert.Equal(78, exitCode);
        var lines = err.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(
            [
                "alertactors: not started: 4 configuration problems",
                "alertactors.pagerduty.routing_key: unknown key (did you mean routing-key?)",
                "alertactors.rulez: unknown key (did you mean rules?)",
                "CLUSTER_PORT (alertactors.cluster.port): \"abc\" is not a port number from 0 to 65535 (0 = any free port)",
            ],
            lines.Take(4)
        );
        Assert.StartsWith("CLUSTER_SEEDS (alertactors.cluster.seeds): \"garbage\" is not host:port", lines[4]);
        Assert.Equal(5, lines.Count);
        Assert.DoesNotContain("R0123456789", err);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_refuses_the_start_naming_the_variable_and_the_path()
    {
        var (exitCode, _, err) = await NodeProcess.RunToExitAsync(
            _directory,
            ["--config", await NodeProcess.WriteConfigAsync(_directory, "")],
            new Dictionary<string, string> { ["ALERTACTORS_DATA_DIR"] = "/proc/forbidden" }
        );

        Assert.Equal(78, exitCode);
        var problem = err.Trim().Split('\n')[1];
        Assert.StartsWith(
            "ALERTACTORS_DATA_DIR (alertactors.data-dir): cannot create or open the SQLite database /proc/forbidden/alertactors.db: ",
            problem
        );
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public async Task A_file_that_does_not_parse_is_refused_with_its_line_and_column()
    {
        var config = await NodeProcess.WriteConfigAsync(_directory, "alertactors {\n  rules = [ { name = r\n");

        var (exitCode, _, err) = await NodeProcess.RunToExitAsync(_directory, ["--config", config]);

        Assert.Equal(78, exitCode);
        Assert.Contains($"{config}:5:13: '{{' opened here is never closed", err);
        Assert.Contains($"{config}:6:11: '[' opened here is never closed", err);
        Assert.Contains($"{config}:6:13: '{{' opened here is never closed", err);
    }

    [Fact]
    public async Task A_node_set_up_to_join_others_on_a_SQLite_journal_of_its_own_is_refused_since_moved_alerts_would_page_again()
    {
        var ports = NodeProcess.FreePorts(2);
        var (port, other) = (ports[0], ports[1]);
        var config = await NodeProcess.WriteConfigAsync(
            _directory,
            $"""
            alertactors.cluster.port = {port}
            alertactors.cluster.seeds = "127.0.0.1:{other},127.0.0.1:{port}"
            """
        );

        var (exitCode, _, err) = await NodeProcess.RunToExitAsync(_directory, ["--config", config]);

        Assert.Equal(78, exitCode);
        Assert.Contains(
            "alertactors.persistence.provider: sqlite keeps this node's journal in a file of its own, but the node is set up to join "
                + "others (alertactors.cluster.discovery = seeds, seeds)",
            err
        );
        Assert.Contains("A cluster needs postgresql (ALERTACTORS_DB)", err);
    }

    [Fact]
    public async Task A_second_node_on_the_same_cluster_port_refuses_to_start_instead_of_forming_a_second_cluster()
    {
        var port = NodeProcess.FreePort();
        await using var first = await NodeProcess.StartAsync(_directory, $"alertactors.cluster.port = {port}");
        using var other = new TestDirectory();

        var (exitCode, _, err) = await NodeProcess.RunToExitAsync(
            other,
            ["--config", await NodeProcess.WriteConfigAsync(other, "")],
            new Dictionary<string, string> { ["CLUSTER_PORT"] = port.ToString() }
        );

        Assert.Equal(78, exitCode);
        Assert.Contains(
            $"CLUSTER_PORT (alertactors.cluster.port): cluster port {port} is already in use on 127.0.0.1",
            err
        );
        using var stillThere = await first.Http.GetAsync("/readyz");
        Assert.True(stillThere.IsSuccessStatusCode);
    }
}
