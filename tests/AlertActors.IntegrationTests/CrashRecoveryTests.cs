using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>Timers and deliveries survive a kill -9 of the node process.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const string DedupKey = "default:health.check.failed:db-9";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    [Fact]
    public async Task An_auto_resolve_that_falls_due_while_the_node_is_dead_fires_after_restart_without_anyone_asking()
    {
        // Long enough that the kill comes first even on a busy machine (checked below), short enough for a test.
        var hocon = _providers.Hocon + "\nalertactors.defaults.auto-resolve-after = 15s\n";
        await using (var node = await NodeProcess.StartAsync(_directory, hocon))
        {
            await AlertApi.PostCriticalAsync(node.Http, "crash-1", "db-9");
            // Kill only once the confirmations are persisted; otherwise the restart rightly sends the trigger again.
            await Eventually.HoldsAsync(
                async () => AlertApi.AllDelivered(await AlertApi.TryGetAsync(node.Http, DedupKey), expected: 2),
                Within,
                "the trigger deliveries were never confirmed"
            );
            await node.KillAsync();
            Assert.Single(_providers.PagerDutyCalls); // the trigger only: the resolve is still to come
        }

        // Nobody touches the alert after the restart: the due-alert scheduler wakes it from the alert list's due index.
        await using var restarted = await NodeProcess.StartAsync(_directory, hocon);
        await Eventually.HoldsAsync(
            () => _providers.PagerDutyCalls.Count >= 2 && _providers.OpsGenieCalls.Count >= 2,
            Within,
            "the auto-resolve never reached the providers after the restart"
        );

        Assert.Equal("resolve", ProviderStubs.BodyOf(_providers.PagerDutyCalls[1])["event_action"]!.GetValue<string>());
        Assert.EndsWith("/close", _providers.OpsGenieCalls[1].RequestMessage.Path);
        var alert = (await AlertApi.TryGetAsync(restarted.Http, DedupKey))!;
        Assert.Equal("resolved", alert["status"]!.GetValue<string>());
        Assert.Equal("auto-resolve", alert["resolved_by"]!.GetValue<string>());
        Assert.Equal(2, _providers.PagerDutyCalls.Count);
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
