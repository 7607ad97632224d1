using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;
using AlertActors.Notifications.Remediation;
using AlertActors.Notifications.Slack;
using AlertActors.Notifications.Webhook;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications;

public static class NotificationRegistration
{
    /// <summary>
    /// Registers PagerDuty, OpsGenie, the generic webhook, Slack and the remediation endpoints (README "Remediation",
    /// signed with <paramref name="remediation"/>'s secret) as <see cref="INotificationProvider"/>s on
    /// named HttpClients, their <see cref="IRoutingTargets"/> (which routing target each would send to now), and the
    /// OpsGenie heartbeat when it is configured. PagerDuty and OpsGenie route by the rule set in force when each call
    /// is made: the <see cref="IRuleSetSource"/> in <paramref name="services"/> (registered with the node's rules).
    /// </summary>
    public static IServiceCollection AddNotificationProviders(
        this IServiceCollection services,
        PagerDutyOptions pagerDuty,
        OpsGenieOptions opsGenie,
        WebhookOptions webhook,
        SlackOptions slack,
        RemediationOptions? remediation = null
    )
    {
        services.AddHttpClient(ProviderNames.PagerDuty);
        services.AddHttpClient(ProviderNames.OpsGenie);
        services.AddSingleton<INotificationProvider>(sp => new PagerDutyProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderNames.PagerDuty),
            pagerDuty,
            sp.GetRequiredService<IRuleSetSource>(),
            sp.GetRequiredService<ILogger<PagerDutyProvider>>()
        ));
        services.AddSingleton<INotificationProvider>(sp => new OpsGenieProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderNames.OpsGenie),
            opsGenie,
            sp.GetRequiredService<IRuleSetSource>(),
            sp.GetRequiredService<ILogger<OpsGenieProvider>>()
        ));
        services.AddSecretUrlProvider(
            ProviderNames.Webhook,
            (http, sp) => new WebhookProvider(http, webhook, sp.GetRequiredService<ILogger<WebhookProvider>>())
        );
        services.AddSecretUrlProvider(
            ProviderNames.Slack,
            (http, sp) => new SlackProvider(http, slack, sp.GetRequiredService<ILogger<SlackProvider>>())
        );
        // One call may take up to a rule's remediation timeout (5 minutes), longer than HttpClient's default 100 s.
        services
            .AddHttpClient(ProviderNames.Remediation)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.AddSingleton<INotificationProvider>(sp => new RemediationProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderNames.Remediation),
            remediation ?? RemediationOptions.None,
            sp.GetRequiredService<IRuleSetSource>()
        ));
        services.AddSingleton<IRoutingTargets>(sp => new ProviderRoutingTargets(
            sp.GetServices<INotificationProvider>()
        ));
        if (opsGenie.HeartbeatEnabled)
        {
            services.TryAddSingleton(TimeProvider.System);
            services.AddHostedService(sp => new OpsGenieHeartbeat(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderNames.OpsGenie),
                opsGenie,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<OpsGenieHeartbeat>>()
            ));
        }
        return services;
    }

    /// <summary>A provider whose URL is a secret: its HttpClient logs nothing (the factory's loggers would print the
    /// URL).</summary>
    private static void AddSecretUrlProvider(
        this IServiceCollection services,
        string name,
        Func<HttpClient, IServiceProvider, INotificationProvider> create
    )
    {
        services.AddHttpClient(name).RemoveAllLoggers();
        services.AddSingleton(sp => create(sp.GetRequiredService<IHttpClientFactory>().CreateClient(name), sp));
    }
}
