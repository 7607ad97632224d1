using AlertActors.Notifications.OpsGenie;
using AlertActors.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace AlertActors.IntegrationTests;

/// <summary>The OpsGenie heartbeat pings on schedule, survives failures, and runs in a node when configured.</summary>
public sealed class OpsGenieHeartbeatTests : IDisposable
{
    private const string Name = "alertactors-test";
    private const string Path = "/v2/heartbeats/" + Name + "/ping";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private readonly WireMockServer _opsGenie = WireMockServer.Start();

    private OpsGenieOptions Options =>
        new()
        {
            Endpoint = new Uri(_opsGenie.Url! + "/"),
            ApiKey = ProviderStubs.ApiKey,
            HeartbeatName = Name,
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            AttemptTimeout = TimeSpan.FromSeconds(5),
        };

    private int Pings =>
        _opsGenie.LogEntries.Count(e => e.RequestMessage.Path == Path && e.RequestMessage.Method == "GET");

    [Fact]
    public async Task Pings_every_interval_with_the_api_key()
    {
        _opsGenie
            .Given(Request.Create().WithPath(Path).UsingGet())
            .RespondWith(
                Response
                    .Create()
                    .WithStatusCode(202)
                    .WithBodyAsJson(
                        new
                        {
                            result = "PONG - Heartbeat received",
                            took = 0.006,
                            requestId = "r-1",
                        }
                    )
            );
        using var http = new HttpClient();
        using var heartbeat = new OpsGenieHeartbeat(
            http,
            Options,
            TimeProvider.System,
            NullLogger<OpsGenieHeartbeat>.Instance
        );

        await heartbeat.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => Pings >= 3, Within, "the heartbeat was not pinged three times");
        await heartbeat.StopAsync(CancellationToken.None);

        Assert.All(
            _opsGenie.LogEntries,
            e => Assert.Equal($"GenieKey {ProviderStubs.ApiKey}", e.RequestMessage.Headers!["Authorization"].Single())
        );
    }

    [Fact]
    public async Task A_failing_ping_is_logged_and_the_next_one_still_goes()
    {
        _opsGenie.Given(Request.Create().WithPath(Path).UsingGet()).RespondWith(Response.Create().WithStatusCode(500));
        using var http = new HttpClient();
        using var heartbeat = new OpsGenieHeartbeat(
            http,
            Options,
            TimeProvider.System,
            NullLogger<OpsGenieHeartbeat>.Instance
        );

        Assert.False(await heartbeat.PingAsync(CancellationToken.None));
        await heartbeat.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => Pings >= 4, Within, "pinging stopped after a failure");
        Assert.False(heartbeat.ExecuteTask!.IsFaulted);
        await heartbeat.StopAsync(CancellationToken.None);

        // An unreachable endpoint is a logged failure too, never an exception.
        var unreachable = new OpsGenieHeartbeat(
            http,
            Options with
            {
                Endpoint = new Uri("http://127.0.0.1:9/"),
            },
            TimeProvider.System,
            NullLogger<OpsGenieHeartbeat>.Instance
        );
        Assert.False(await unreachable.PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_node_with_a_heartbeat_name_and_api_key_pings_it()
    {
        _opsGenie.Given(Request.Create().WithPath(Path).UsingGet()).RespondWith(Response.Create().WithStatusCode(202));
        using var directory = new TestDirectory();
        await using var node = await TestNode.StartAsync(
            directory,
            $$"""
            alertactors.opsgenie {
              endpoint = {{TestNode.Quote(_opsGenie.Url!)}}
              api-key = {{TestNode.Quote(ProviderStubs.ApiKey)}}
              heartbeat { name = {{TestNode.Quote(Name)}}, interval = 200ms }
            }
            """
        );

        await Eventually.HoldsAsync(() => Pings >= 2, Within, "the node never pinged the heartbeat twice");
    }

    public void Dispose() => _opsGenie.Stop();
}
