using Akka.Actor;
using Akka.Configuration;
using Akka.Pattern;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using AlertActors.Projection;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The alert list projector runs under a backoff supervisor (<see cref="AlertListProjection.Supervised"/>): one that
/// fails to start (its read journal or database not answering under load) is started again, instead of staying
/// stopped and leaving the alert list stale until the node restarts. Virtual time: the backoff advances only here.
/// </summary>
public sealed class SupervisedProjectorSpec()
    : TestKit(
        ConfigurationFactory
            .ParseString("""akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """)
            .WithFallback(AlertEntityTestConfig.LoadedMachineWaits)
    )
{
    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void A_projector_that_fails_to_start_is_started_again_after_the_backoff_and_then_gets_its_messages()
    {
        var starts = CreateTestProbe();
        var attempts = new StrongBox<int>();
        var supervisor = Sys.ActorOf(
            AlertListProjection.Supervised(Props.Create(() => new FailsToStart(starts.Ref, attempts, 2)))
        );

        starts.ExpectMsg("failed 1");
        AwaitRestartScheduled(supervisor);
        Scheduler.Advance(AlertListProjection.MaxBackoff);
        starts.ExpectMsg("failed 2");
        AwaitRestartScheduled(supervisor);
        Scheduler.Advance(AlertListProjection.MaxBackoff);
        starts.ExpectMsg("started 3");

        supervisor.Tell("ping");
        ExpectMsg("pong");
    }

    [Fact]
    public void The_supervisor_waits_before_starting_a_failed_projector_again()
    {
        var starts = CreateTestProbe();
        var supervisor = Sys.ActorOf(
            AlertListProjection.Supervised(Props.Create(() => new FailsToStart(starts.Ref, new StrongBox<int>(), 1)))
        );
        starts.ExpectMsg("failed 1");
        AwaitRestartScheduled(supervisor);

        Scheduler.Advance(AlertListProjection.MinBackoff * 0.75);
        starts.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Scheduler.Advance(AlertListProjection.MaxBackoff);
        starts.ExpectMsg("started 2");
        Assert.False(supervisor.IsNobody());
    }

    /// <summary>
    /// Waits (polling, with a deadline) until the supervisor has seen its child stop: it schedules the restart in the
    /// same step, so virtual time advanced after this reaches the restart (advanced before, it would not).
    /// </summary>
    private void AwaitRestartScheduled(IActorRef supervisor) =>
        AwaitAssert(() =>
        {
            var current = supervisor
                .Ask<BackoffSupervisor.CurrentChild>(
                    BackoffSupervisor.GetCurrentChild.Instance,
                    TimeSpan.FromSeconds(1)
                )
                .Result;
            Assert.True(current.Ref is null || current.Ref.IsNobody());
        });

    private sealed class StrongBox<T>(T value = default!)
        where T : struct
    {
        public T Value = value;
    }

    /// <summary>Throws from PreStart the first <c>failures</c> times it is created (as a projector whose read journal
    /// cannot be opened), then answers "ping".</summary>
    private sealed class FailsToStart : ReceiveActor
    {
        private readonly IActorRef _starts;
        private readonly StrongBox<int> _attempts;
        private readonly int _failures;

        public FailsToStart(IActorRef starts, StrongBox<int> attempts, int failures)
        {
            (_starts, _attempts, _failures) = (starts, attempts, failures);
            Receive<string>(message => message == "ping", _ => Sender.Tell("pong"));
        }

        protected override void PreStart()
        {
            var attempt = ++_attempts.Value;
            if (attempt <= _failures)
            {
                _starts.Tell($"failed {attempt}");
                throw new InvalidOperationException("the read journal did not start");
            }
            _starts.Tell($"started {attempt}");
        }
    }
}
