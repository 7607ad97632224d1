using System.Collections;
using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence;
using AlertActors.Actors.Persistence;
using AlertActors.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AlertActors.Bench;

/// <summary>
/// What the node's own journal can do here, with no AlertActors code: N brand-new persistent actors
/// (Akka.Persistence.Sql, the node's HOCON and SQLite file settings: WAL, the same plugin settings) each recover and
/// persist one event of
/// <see cref="EventBytes"/> bytes, all started at once (recoveries throttled by Akka's max-concurrent-recoveries, as
/// the node's are). Runs in a child process (server GC, like the node), so its CPU is measured like the node's.
/// </summary>
public static class JournalCeiling
{
    public const string WorkerVerb = "journal-ceiling-worker";
    public const int EventBytes = 300;

    /// <summary>The share of the ceiling a node's new-alert burst should reach (issue 11: ≥ 70 %).</summary>
    public const double TargetShare = 0.70;

    /// <summary>
    /// <c>journal-ceiling</c> as a scenario: <c>--entities N</c> (quick 500, full 20,000) new entities × 1 event, the
    /// figure the <c>new-alerts</c> and <c>alertmanager</c> scenarios also measure in their own invocation.
    /// </summary>
    public static async Task<ResultTable> RunAsync(BenchArgs args)
    {
        var entities = args.Int("--entities", quick: 500, full: 20_000);
        var result = await MeasureAsync(entities);
        return new ResultTable("journal-ceiling")
            .Row(
                "scenario",
                $"bare Akka.Persistence.Sql on SQLite with the node's journal settings: {entities} brand-new persistent actors, each recovers and persists one {EventBytes}-byte event, no AlertActors code; child process, server GC"
            )
            .Row("result", result.Describe)
            .Check("every entity persisted its event", result.Entities == entities, $"{result.Entities} of {entities}");
    }

    private const int WarmUp = 300;

    /// <param name="Entities">New entities measured (after a warm-up that is not).</param>
    /// <param name="Seconds">From the first spawn until the last write was confirmed.</param>
    /// <param name="CpuMs">Process CPU (user + system) over the same span.</param>
    public sealed record Result(int Entities, double Seconds, double CpuMs)
    {
        public double PerSecond => Entities / Seconds;

        public double CpuMsPerEntity => CpuMs / Entities;

        public string Describe =>
            $"{DistinctAlertLoad.N0(PerSecond)} new entities/s ({DistinctAlertLoad.N0(Entities)} in {Seconds:0.00} s), {CpuMsPerEntity:0.00} ms CPU each";
    }

    /// <summary>Runs the worker in a child process on a fresh database and returns what it measured.</summary>
    public static async Task<Result> MeasureAsync(int entities)
    {
        var dir = Path.Combine(
            Path.GetTempPath(),
            "alertactors-bench",
            "journal-ceiling-" + Guid.NewGuid().ToString("N")
        );
        Directory.CreateDirectory(dir);
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList =
                {
                    Path.Combine(AppContext.BaseDirectory, "AlertActors.Bench.dll"),
                    WorkerVerb,
                    dir,
                    entities.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["DOTNET_gcServer"] = "1";
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"journal ceiling worker exited {process.ExitCode}: {errors}{output}"
                );
            return JsonSerializer.Deserialize<Result>(output.Trim().Split('\n')[^1])!;
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException) { }
        }
    }

    /// <summary>The child process: prints one JSON <see cref="Result"/> line.</summary>
    public static async Task<int> WorkerAsync(string dir, int entities)
    {
        var operatorFile = Path.Combine(dir, "ceiling.conf");
        await File.WriteAllTextAsync(operatorFile, $"alertactors.data-dir = \"{dir}\"");
        var config = ConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, "hocon"), operatorFile, new Hashtable());
        var settings = SettingsReader.Read(config);
        SqliteJournalFile.Prepare(settings.Persistence.ConnectionString);
        // The node's plugins registered as the node registers them (Akka.Persistence.Sql.Hosting), over the node's
        // HOCON tunables.
        using var host = new HostBuilder()
            .ConfigureServices(services =>
                services.AddAkka(
                    "ceiling",
                    builder =>
                    {
                        builder.AddHocon(
                            ConfigurationFactory
                                .ParseString(
                                    """
                                    akka.actor.provider = local
                                    akka.loglevel = WARNING
                                    """
                                )
                                .WithFallback(config),
                            HoconAddMode.Prepend
                        );
                        builder.AddAlertActorsPersistence(settings.Persistence);
                    }
                )
            )
            .Build();
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        _ = system.Scheduler.Now; // start the scheduler first: ~1,000 recoveries racing to start it once left 660 thread-pool threads stuck in HashedWheelTimerScheduler.Start()

        await SpawnAsync(system, "warm-up", WarmUp);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await SpawnAsync(system, "entity", entities);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine(JsonSerializer.Serialize(new Result(entities, seconds, cpuMs)));
        await host.StopAsync();
        return 0;
    }

    /// <summary>At most <see cref="Concurrency"/> entities between spawn and confirmed write at once (all at once opens
    /// the journal's breaker).</summary>
    private static async Task SpawnAsync(ActorSystem system, string prefix, int count)
    {
        using var room = new SemaphoreSlim(Concurrency, Concurrency);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var remaining = count;
        Action written = () =>
        {
            room.Release();
            if (Interlocked.Decrement(ref remaining) == 0)
                done.TrySetResult();
        };
        for (var i = 0; i < count; i++)
        {
            await room.WaitAsync();
            var id = $"{prefix}-{i}";
            // By type and arguments as the node makes its alerts, not an expression tree compiled per actor.
            system.ActorOf(Props.Create(typeof(NewEntity), id, written));
        }
        await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
    }

    /// <summary>New entities in flight at once (CEILING_CONCURRENCY overrides it).</summary>
    private static int Concurrency =>
        int.TryParse(Environment.GetEnvironmentVariable("CEILING_CONCURRENCY"), out var value) ? value : 512;

    /// <summary>Recovers (nothing: it is new), persists one event, stops.</summary>
    private sealed class NewEntity : ReceivePersistentActor
    {
        private static readonly byte[] Event = new byte[EventBytes];

        public NewEntity(string id, Action written)
        {
            PersistenceId = "ceiling-" + id;
            // RecoveryCompleted goes to the recovery handler, where nothing may be persisted yet: persist on the next
            // message.
            Recover<RecoveryCompleted>(_ => Self.Tell(Go.Instance));
            Recover<object>(_ => { });
            Command<Go>(_ =>
                Persist(
                    Event,
                    _ =>
                    {
                        written();
                        Context.Stop(Self);
                    }
                )
            );
        }

        public override string PersistenceId { get; }

        private sealed class Go
        {
            public static readonly Go Instance = new();
        }
    }
}
