using System.Collections;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting;
using AlertActors.Actors.Persistence;
using AlertActors.Actors.Serialization;
using AlertActors.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The node's real HOCON (hocon/ copied beside the tests) on a fresh SQLite file, with the virtual
/// TestScheduler so timers advance only when a test says so, and the node's own persistence and serializer
/// registrations.
/// </summary>
public static class AlertEntityTestConfig
{
    /// <summary>
    /// How long an <c>ExpectMsg</c> waits by default: a journal write or a first provider call (JIT, Polly's first
    /// pipeline) on a busy 2-core CI machine can take longer than TestKit's 3 s default. The wait still ends as soon
    /// as the message arrives. Every TestKit of this project uses it.
    /// </summary>
    public static readonly Config LoadedMachineWaits = ConfigurationFactory.ParseString(
        "akka.test.single-expect-default = 15s"
    );

    public static ActorSystemSetup ForDirectory(string directory) =>
        WithNodeRegistrations(
            ConfigurationFactory
                .ParseString(
                    """
                    akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
                    akka.loglevel = WARNING
                    """
                )
                .WithFallback(LoadedMachineWaits)
                .WithFallback(NodeConfig(directory))
        );

    /// <summary>The node's configuration with its data directory in <paramref name="directory"/>, as ConfigLoader
    /// builds it.</summary>
    public static Config NodeConfig(string directory)
    {
        var file = Path.Combine(directory, "test.conf");
        File.WriteAllText(file, $"alertactors.data-dir = {ConfigLoader.Quote(directory)}");
        return ConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, "hocon"), file, new Hashtable());
    }

    /// <summary>
    /// <paramref name="config"/> with what a node registers through Akka.Hosting and these specs need without a host:
    /// the SQL journal, snapshot store and read journal (<see cref="AlertActorsPersistence"/>) and the alert serializer
    /// (<see cref="AlertActorsSerialization"/>).
    /// </summary>
    public static ActorSystemSetup WithNodeRegistrations(Config config)
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "spec")
            .AddHocon(config, HoconAddMode.Prepend)
            .AddAlertActorsPersistence(SettingsReader.Read(config).Persistence);
        return BootstrapSetup.Create().WithConfig(builder.Configuration.Value).And(AlertActorsSerialization.Setup());
    }

    public static string NewDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "alertactors-actor-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
