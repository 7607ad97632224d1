using System.Collections;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Actors.Serialization;
using AlertActors.Actors.Silences;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Hosting;
using AlertActors.Hosting.Health;
using AlertActors.Notifications;
using AlertActors.Projection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AlertActors.Hosting.Tests;

/// <summary>
/// The node's own Akka.Hosting registrations (<see cref="AlertActorsAkka.AddAlertActors"/> with its services and
/// dry-run providers) in Akka.Hosting.TestKit, on a SQLite journal in a fresh directory: the system starts and joins
/// itself, the shard region, singletons, dispatcher and serializer resolve, messages round-trip through the serializer
/// and through the shard region, and the readiness checks the node registers pass.
/// </summary>
public sealed class NodeRegistrationSpec(ITestOutputHelper output)
    : Akka.Hosting.TestKit.TestKit(AlertActors.Configuration.ClusterSettings.SystemName, output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("alertactors-hosting-tests-").FullName;
    private (Config Config, AlertActorsSettings Settings)? _node;

    /// <summary>The node's configuration as a start reads it, on a free cluster port (0) and this test's data
    /// directory.</summary>
    private (Config Config, AlertActorsSettings Settings) Node => _node ??= Load();

    private (Config, AlertActorsSettings) Load()
    {
        var file = Path.Combine(_directory, "node.conf");
        File.WriteAllText(file, $"alertactors {{ data-dir = {ConfigLoader.Quote(_directory)}, cluster.port = 0 }}");
        var problems = new ConfigProblems();
        var read = ConfigLoader.Read(Path.Combine(AppContext.BaseDirectory, "hocon"), file, new Hashtable(), problems);
        problems.ThrowIfAny();
        return read;
    }

    protected override void ConfigureServices(HostBuilderContext context, IServiceCollection services)
    {
        var settings = Node.Settings;
        services.AddAlertActorsServices(settings, Node.Config);
        services.AddNotificationProviders(settings.PagerDuty, settings.OpsGenie, settings.Webhook, settings.Slack);
        services.AddHealthChecks();
    }

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.AddAlertActors(Node.Config, Node.Settings, provider);

    [Fact]
    public async Task The_shard_region_singletons_and_dispatcher_resolve_and_the_node_joins_itself()
    {
        using var deadline = new CancellationTokenSource(Timeout);
        Assert.False((await ActorRegistry.GetAsync<AlertRegion>(deadline.Token)).IsNobody());
        Assert.False((await ActorRegistry.GetAsync<SilenceRegistryProxy>(deadline.Token)).IsNobody());
        Assert.False((await ActorRegistry.GetAsync<NotificationDispatcher>(deadline.Token)).IsNobody());
        await AwaitConditionAsync(
            () => Task.FromResult(Cluster.Get(Sys).SelfMember.Status == MemberStatus.Up),
            Timeout,
            cancellationToken: deadline.Token
        );

        // The alert list projection is registered without a proxy (only its singleton writes the table): the singleton
        // itself runs here, the oldest (only) node, under its manager.
        var projection = await AwaitAsync(
            () =>
                Sys.ActorSelection($"/user/{AlertListProjection.SingletonName}/{AlertListProjection.SingletonName}")
                    .ResolveOne(TimeSpan.FromSeconds(1), deadline.Token),
            deadline.Token
        );
        Assert.False(projection.IsNobody());
        var silences = await AwaitAsync(
            () =>
                Sys.ActorSelection($"/user/{SilenceRegistration.SingletonName}/{SilenceRegistration.SingletonName}")
                    .ResolveOne(TimeSpan.FromSeconds(1), deadline.Token),
            deadline.Token
        );
        Assert.False(silences.IsNobody());
    }

    [Fact]
    public void Every_alert_message_is_bound_to_the_alert_serializer_and_round_trips_through_it()
    {
        var fired = new AlertJournalEvents.Fired(
            DateTimeOffset.Parse("2026-11-29T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Period: 2
        );
        var serializer = Sys.Serialization.FindSerializerFor(fired);

        Assert.IsType<AlertJsonSerializer>(serializer);
        Assert.Equal(AlertJsonSerializer.SerializerIdentifier, serializer.Identifier);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, fired);
        var read = Sys.Serialization.Deserialize(serializer.ToBinary(fired), serializer.Identifier, manifest);
        Assert.Equal(fired, read);
        Assert.IsType<AlertJsonSerializer>(Sys.Serialization.FindSerializerForType(typeof(AlertCommands.GetAlert)));
    }

    [Fact]
    public void Persistence_is_the_sql_plugins_Akka_Persistence_Sql_Hosting_registers_with_the_tunables_of_hocon()
    {
        var config = Sys.Settings.Config;
        var connection = Node.Settings.Persistence.ConnectionString;
        Assert.Contains(_directory, connection);

        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
        foreach (
            var plugin in new[]
            {
                "akka.persistence.journal.sql",
                "akka.persistence.snapshot-store.sql",
                "akka.persistence.query.journal.sql",
            }
        )
        {
            Assert.Equal(
                ("SQLite.MS", connection),
                (config.GetString($"{plugin}.provider-name"), config.GetString($"{plugin}.connection-string"))
            );
            // SQLite reads without its single write lock (README "Persistence").
            Assert.Equal("read-uncommitted", config.GetString($"{plugin}.read-isolation-level"));
        }
        // hocon/persistence-sqlite.conf's tunables still apply over the plugins' defaults.
        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.Equal(
            TimeSpan.FromMilliseconds(200),
            config.GetTimeSpan("akka.persistence.query.journal.sql.refresh-interval")
        );
    }

    [Fact]
    public async Task A_command_reaches_its_alert_through_the_shard_region_and_is_answered()
    {
        // As a client behind Kubernetes would: only once the node is ready (its journal has created its tables).
        await AwaitReadyAsync();
        var region = await ActorRegistry.GetAsync<AlertRegion>(Cancelled);

        var reply = await region.Ask<object>(
            new AlertCommands.GetAlert("default:registration:nobody"),
            Timeout,
            Cancelled
        );

        var rejected = Assert.IsType<AlertReplies.Rejected>(reply);
        Assert.Equal(RejectionReason.NotFound, rejected.Reason);
    }

    [Fact]
    public async Task The_registered_readiness_checks_pass_once_the_node_is_up()
    {
        var report = await AwaitReadyAsync();

        Assert.Equal(
            [
                HealthChecks.ClusterMemberUp,
                HealthChecks.ClusterMajorityReachable,
                HealthChecks.ShardRegionRegistered,
                HealthChecks.JournalReachable,
            ],
            report.Entries.Keys.OrderBy(k => HealthChecks.ReadinessOrder.ToList().IndexOf(k))
        );
        Assert.Equal(
            HealthStatus.Healthy,
            (
                await Host
                    .Services.GetRequiredService<HealthCheckService>()
                    .CheckHealthAsync(r => r.Tags.Contains(HealthChecks.Liveness), Cancelled)
            ).Status
        );
    }

    private static CancellationToken Cancelled => TestContext.Current.CancellationToken;

    /// <summary>Polls the readiness checks the node registers until they all pass (or <see cref="Timeout"/>).</summary>
    private async Task<HealthReport> AwaitReadyAsync()
    {
        var health = Host.Services.GetRequiredService<HealthCheckService>();
        HealthReport report = null!;
        await AwaitConditionAsync(
            async () =>
            {
                report = await health.CheckHealthAsync(r => r.Tags.Contains(HealthChecks.Readiness), Cancelled);
                return report.Status == HealthStatus.Healthy;
            },
            Timeout,
            cancellationToken: Cancelled
        );
        return report;
    }

    /// <summary>Retries <paramref name="attempt"/> (an actor that is still starting is not found) until it succeeds or
    /// <paramref name="cancellation"/> fires.</summary>
    private static async Task<T> AwaitAsync<T>(Func<Task<T>> attempt, CancellationToken cancellation)
    {
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (ActorNotFoundException) when (!cancellation.IsCancellationRequested)
            {
                await Task.Delay(100, cancellation);
            }
        }
    }

    protected override async Task AfterAllAsync()
    {
        await base.AfterAllAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp directory is cleaned up by the OS.
        }
    }
}
