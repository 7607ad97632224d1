using System.Collections;
using Akka.Configuration;
using AlertActors.Actors.Configuration;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The node's real HOCON (hocon/ copied beside the tests) on a fresh SQLite file, with the virtual
/// TestScheduler so timers advance only when a test says so.
/// </summary>
public static class AlertEntityTestConfig
{
    public static Config ForDirectory(string directory)
    {
        var file = Path.Combine(directory, "test.conf");
        File.WriteAllText(file, $"alertactors.data-dir = {ConfigLoader.Quote(directory)}");
        var config = ConfigLoader.Load(Path.Combine(AppContext.BaseDirectory, "hocon"), file, new Hashtable());
        return ConfigurationFactory.ParseString("""
                akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
                akka.loglevel = WARNING
                # A journal write on a busy 2-core machine can take longer than the 3 s default; the wait
                # still ends as soon as the message arrives.
                akka.test.single-expect-default = 15s
                """)
            .WithFallback(config);
    }

    public static string NewDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "alertactors-actor-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
