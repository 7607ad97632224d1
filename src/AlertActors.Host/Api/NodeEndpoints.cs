using AlertActors.Host.Startup;

namespace AlertActors.Host.Api;

/// <summary>
/// Every HTTP endpoint of a node, grouped by who may call it (<see cref="ApiAuthorization"/>): the <c>/api/v1</c> group
/// needs a viewer token (writes an operator's, membership changes an admin's, the cluster API and <c>/metrics</c> one
/// without tenants) once tokens are configured; probes, provider webhooks (their own secrets) and the OpenAPI document
/// (<c>/openapi/v1.json</c>) are anonymous.
/// </summary>
public static class NodeEndpoints
{
    /// <summary>The path prefix of the versioned JSON API.</summary>
    public const string ApiV1 = "/api/v1";

    /// <summary>Where the OpenAPI document of the HTTP API is served.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    public static WebApplication MapNodeEndpoints(this WebApplication app)
    {
        app.MapHealthEndpoints();
        app.MapPrometheusScrapingEndpoint().RequireAuthorization(ApiAuthorization.Metrics);
        app.MapOpenApi(OpenApiPath.Replace("v1", "{documentName}")).AllowAnonymous();
        app.MapProviderWebhooksEndpoints();

        var api = app.MapGroup(ApiV1).RequireAuthorization(ApiAuthorization.Viewer);
        api.MapInfoEndpoints();
        api.MapEventsEndpoints();
        api.MapAlertsEndpoints();
        api.MapAlertTimelineEndpoints();
        api.MapReportsEndpoints();
        api.MapGroupsEndpoints();
        api.MapSilencesEndpoints();
        api.MapRulesEndpoints();
        api.MapDeadDeliveriesEndpoints();
        api.MapKafkaDeadLettersEndpoints();
        api.MapClusterEndpoints();
        return app;
    }
}
