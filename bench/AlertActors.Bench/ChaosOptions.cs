namespace AlertActors.Bench;

/// <summary>Sizes and the fault timeline (seconds from the stream's start) of <see cref="ChaosScenario"/>, from its
/// command line.</summary>
internal sealed record ChaosOptions(
    int Keys,
    int Rate,
    int Seconds,
    int Poison,
    int Victim,
    int KillAt,
    int FaultsAt,
    int FaultSeconds,
    int RestartAt,
    int Seed,
    TimeSpan Within,
    string? SkipPoison,
    bool KeepDatabase
)
{
    public static ChaosOptions From(BenchArgs args) =>
        new(
            Keys: args.Int("--keys", quick: 50, full: 300),
            Rate: args.Int("--rate", quick: 250, full: 200),
            Seconds: args.Int("--seconds", quick: 10, full: 120),
            Poison: args.Int("--poison", quick: 33, full: 330),
            Victim: args.Int("--victim", quick: 2, full: 1) - 1,
            KillAt: args.Int("--kill-at", quick: 3, full: 15),
            FaultsAt: args.Int("--faults-at", quick: 2, full: 25),
            FaultSeconds: args.Int("--fault-seconds", quick: 2, full: 6),
            RestartAt: args.Int("--restart-at", quick: 0, full: 70),
            Seed: args.Int("--seed", quick: 7, full: 7),
            Within: TimeSpan.FromSeconds(args.Int("--converge-within", quick: 60, full: 180)),
            SkipPoison: args.Text("--skip-poison"),
            KeepDatabase: args.Int("--keep-database", quick: 0, full: 0) == 1
        );

    public double PoisonAt => FaultsAt + 1.5 * FaultSeconds;
}
