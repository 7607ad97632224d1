namespace AlertActors.Host.Application;

/// <summary>Registers the services the HTTP endpoints call (this folder): each one concept, none knowing
/// HTTP.</summary>
public static class ApplicationServices
{
    public static IServiceCollection AddApplicationServices(this IServiceCollection services) =>
        services
            .AddSingleton<AlertEntityClient>()
            .AddSingleton<GroupEntityClient>()
            .AddSingleton<AlertViews>()
            .AddSingleton<EventIntake>()
            .AddSingleton<CallerSilences>()
            .AddSingleton<CallerRules>()
            .AddSingleton<RuleDryRun>()
            .AddSingleton<ClusterOverview>()
            .AddSingleton<ClusterMembership>();
}
