using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>Remoting bound to every interface still advertises, and forms its cluster under, the public
/// hostname.</summary>
public sealed class PublicHostnameTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_node_bound_to_all_interfaces_is_known_by_its_public_hostname()
    {
        await using var node = await TestNode.StartAsync(
            _directory,
            """
            alertactors.cluster { hostname = "0.0.0.0", public-hostname = "127.0.0.1" }
            """
        );

        var self = (await node.GetJsonAsync("/api/v1/cluster"))["self_address"]!.GetValue<string>();
        Assert.StartsWith("akka.tcp://alertactors@127.0.0.1:", self);
        var member = Assert.Single((await node.GetJsonAsync("/api/v1/cluster"))["members"]!.AsArray());
        Assert.Equal((self, "up"), (member!["address"]!.GetValue<string>(), member["status"]!.GetValue<string>()));
    }

    public void Dispose() => _directory.Dispose();
}
