using Akka.TestKit;
using Akka.TestKit.Xunit2;

namespace AlertActors.Actors.Tests;

/// <summary>
/// A spec whose actor system runs on the node's configuration over a SQLite journal of its own
/// (<see cref="AlertEntityTestConfig"/>), with the virtual <see cref="TestScheduler"/>: timers advance only when the
/// spec says so.
/// </summary>
public abstract class SqliteJournalSpec : TestKit
{
    private static readonly AsyncLocal<string> NextDirectory = new();

    /// <param name="dataDirectory">Makes the spec's data directory; default: a fresh, empty one.</param>
    protected SqliteJournalSpec(Func<string>? dataDirectory = null)
        : base(
            AlertEntityTestConfig.ForDirectory(
                NextDirectory.Value = (dataDirectory ?? AlertEntityTestConfig.NewDirectory)()
            )
        )
    {
        DataDirectory = NextDirectory.Value!;
    }

    /// <summary>The spec's data directory, holding its SQLite journal (<c>alertactors.db</c>).</summary>
    protected string DataDirectory { get; }

    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;
}
