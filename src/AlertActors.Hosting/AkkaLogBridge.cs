using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AlertActors.Hosting;

/// <summary>
/// Akka's log events into Microsoft.Extensions.Logging with one prefix, the host's: the category is the class that
/// logged (<c>Akka.Cluster.Cluster</c>, <c>AlertActors.Actors.Alerts.AlertEntity</c>) and the text is Akka's message
/// alone, without Akka's own <c>[INFO][timestamp][thread][source]</c> in front of it.
/// </summary>
public sealed class AkkaLogBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly Dictionary<Type, ILogger> _loggers = [];

    public AkkaLogBridge()
    {
        var factory = DependencyResolver.For(Context.System).Resolver.GetService<ILoggerFactory>();
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(log =>
        {
            // Lines logged under a plain string source (remoting's terminator, for one) have no class of their own:
            // Akka's ActorSystem stands in.
            var source =
                log.LogClass is null || log.LogClass == typeof(DummyClassForStringSources)
                    ? typeof(ActorSystem)
                    : log.LogClass;
            if (!_loggers.TryGetValue(source, out var logger))
                _loggers[source] = logger = factory.CreateLogger(source);
            var level = LevelOf(log.LogLevel());
            if (!logger.IsEnabled(level))
                return;
            logger.Log(level, default, log, log.Cause, static (e, _) => e.Message?.ToString() ?? "");
        });
    }

    private static LogLevel LevelOf(AkkaLogLevel level) =>
        level switch
        {
            AkkaLogLevel.DebugLevel => LogLevel.Debug,
            AkkaLogLevel.InfoLevel => LogLevel.Information,
            AkkaLogLevel.WarningLevel => LogLevel.Warning,
            _ => LogLevel.Error,
        };
}
