using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;
using Microsoft.Extensions.DependencyInjection;
using AlertActors.Domain.Notifications;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications;

public static class NotificationRegistration
{
    /// <summary>Registers PagerDuty and OpsGenie as <see cref="INotificationProvider"/>s on named HttpClients.</summary>
    public static IServiceCollection AddNotificationProviders(this IServiceCollection services, PagerDutyOptions pagerDuty, OpsGenieOptions opsGenie)
    {
        services.AddHttpClient(ProviderNames.PagerDuty);
        services.AddHttpClient(ProviderNames.OpsGenie);
        services.AddSingleton<INotificationProvider>(sp => new PagerDutyProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderNames.PagerDuty), pagerDuty,
            sp.GetRequiredService<ILogger<PagerDutyProvider>>()));
        services.AddSingleton<INotificationProvider>(sp => new OpsGenieProvider(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderNames.OpsGenie), opsGenie,
            sp.GetRequiredService<ILogger<OpsGenieProvider>>()));
        return services;
    }
}
