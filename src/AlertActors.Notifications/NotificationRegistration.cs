using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;
using Microsoft.Extensions.DependencyInjection;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications;

public static class NotificationRegistration
{
    /// <summary>Registers PagerDuty and OpsGenie as <see cref="INotificationProvider"/>s on named HttpClients.</summary>
    public static IServiceCollection AddNotificationProviders(this IServiceCollection services, PagerDutyOptions pagerDuty, OpsGenieOptions opsGenie, RuleSet rules)
    {
        services.AddHttpClient(ProviderNames.PagerDuty);
        services.AddHttpClient(ProviderNames.OpsGenie);
        services.AddSingleton<INotificationProvider>(sp => new PagerDutyProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderNames.PagerDuty), pagerDuty, rules,
            sp.GetRequiredService<ILogger<PagerDutyProvider>>()));
        services.AddSingleton<INotificationProvider>(sp => new OpsGenieProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderNames.OpsGenie), opsGenie, rules,
            sp.GetRequiredService<ILogger<OpsGenieProvider>>()));
        return services;
    }
}
