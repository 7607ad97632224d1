namespace AlertActors.Bench;

/// <summary>Placeholder until this scenario is written (issue 7).</summary>
public static class AlertmanagerScenario
{
    public static Task<ResultTable> RunAsync(BenchArgs args) =>
        Task.FromResult(new ResultTable("Alertmanager").Check("scenario written", false, "not written yet"));
}
