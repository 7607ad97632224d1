using Akka.Event;

namespace AlertActors.Hosting;

/// <summary>
/// Akka's fallback logger, used before the loggers start and after they stop (the last lines of a shutdown): it writes
/// in the host's console format (<c>info: Akka.Actor.ActorSystem[0]</c>, then the message on the next line), so those
/// lines also carry one prefix instead of Akka's <c>[INFO][timestamp][thread][source]</c>. Configured as
/// <c>akka.stdout-logger-class</c>.
/// </summary>
public sealed class AkkaStdoutLogger : MinimalLogger
{
    protected override void Log(object message)
    {
        if (message is not LogEvent log)
        {
            Console.WriteLine(message);
            return;
        }
        var level = log.LogLevel() switch
        {
            LogLevel.DebugLevel => "dbug",
            LogLevel.InfoLevel => "info",
            LogLevel.WarningLevel => "warn",
            _ => "fail",
        };
        var category =
            log.LogClass is null || log.LogClass == typeof(DummyClassForStringSources)
                ? "Akka.Actor.ActorSystem"
                : log.LogClass.FullName;
        Console.WriteLine(
            $"{level}: {category}[0]\n      {log.Message}{(log.Cause is null ? "" : $"\n      {log.Cause.Message}")}"
        );
    }
}
