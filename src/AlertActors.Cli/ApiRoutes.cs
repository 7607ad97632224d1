namespace AlertActors.Cli;

/// <summary>
/// One call of the node's HTTP API as alertctl makes it: the method and the route template exactly as the node's
/// OpenAPI document (<c>/openapi/v1.json</c>) names it. <see cref="AlertApiClient"/> only sends these, so
/// <see cref="ApiRoutes.All"/> is every call alertctl can make (a test checks each against the document).
/// </summary>
/// <param name="Method">GET, POST, PUT or DELETE.</param>
/// <param name="Template">The path with <c>{name}</c> for each value in it, e.g.
/// <c>/api/v1/alerts/{dedupKey}</c>.</param>
public sealed record ApiRoute(string Method, string Template)
{
    /// <summary>
    /// The path with the <c>{...}</c> placeholders replaced, in order, by <paramref name="values"/>, each
    /// percent-encoded as one segment (<see cref="Uri.EscapeDataString"/>: a dedup key's <c>/</c> as <c>%2F</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Not one value per placeholder.</exception>
    public string PathWith(IReadOnlyList<string> values)
    {
        var segments = Template.Split('/');
        var next = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
                continue;
            if (next == values.Count)
                throw new ArgumentException($"{Template} needs a value for {segments[i]}", nameof(values));
            segments[i] = Uri.EscapeDataString(values[next++]);
        }
        if (next != values.Count)
            throw new ArgumentException($"{Template} takes {next} value(s), not {values.Count}", nameof(values));
        return string.Join('/', segments);
    }
}

/// <summary>Every call alertctl makes (docs/http-api.md).</summary>
public static class ApiRoutes
{
    public static readonly ApiRoute PostEvents = new("POST", "/api/v1/events");
    public static readonly ApiRoute ListAlerts = new("GET", "/api/v1/alerts");
    public static readonly ApiRoute GetAlert = new("GET", "/api/v1/alerts/{dedupKey}");
    public static readonly ApiRoute AcknowledgeAlert = new("POST", "/api/v1/alerts/{dedupKey}/acknowledge");
    public static readonly ApiRoute ResolveAlert = new("POST", "/api/v1/alerts/{dedupKey}/resolve");
    public static readonly ApiRoute AlertTimeline = new("GET", "/api/v1/alerts/{dedupKey}/timeline");
    public static readonly ApiRoute ResponseReport = new("GET", "/api/v1/reports/response");
    public static readonly ApiRoute ListGroups = new("GET", "/api/v1/groups");
    public static readonly ApiRoute GetGroup = new("GET", "/api/v1/groups/{key}");
    public static readonly ApiRoute AcknowledgeGroup = new("POST", "/api/v1/groups/{key}/acknowledge");
    public static readonly ApiRoute ListSilences = new("GET", "/api/v1/silences");
    public static readonly ApiRoute CreateSilence = new("POST", "/api/v1/silences");
    public static readonly ApiRoute ExpireSilence = new("DELETE", "/api/v1/silences/{id}");
    public static readonly ApiRoute ListRules = new("GET", "/api/v1/rules");
    public static readonly ApiRoute GetRule = new("GET", "/api/v1/rules/{name}");
    public static readonly ApiRoute PutRule = new("PUT", "/api/v1/rules/{name}");
    public static readonly ApiRoute DeleteRule = new("DELETE", "/api/v1/rules/{name}");
    public static readonly ApiRoute ListDeadDeliveries = new("GET", "/api/v1/deliveries/dead");
    public static readonly ApiRoute RetryDeadDelivery = new("POST", "/api/v1/deliveries/dead/{id}/retry");
    public static readonly ApiRoute ListKafkaDeadLetters = new("GET", "/api/v1/kafka/dead-letters");
    public static readonly ApiRoute ShowCluster = new("GET", "/api/v1/cluster");
    public static readonly ApiRoute LeaveCluster = new("POST", "/api/v1/cluster/leave");
    public static readonly ApiRoute DownNode = new("POST", "/api/v1/cluster/down");

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        PostEvents,
        ListAlerts,
        GetAlert,
        AcknowledgeAlert,
        ResolveAlert,
        AlertTimeline,
        ResponseReport,
        ListGroups,
        GetGroup,
        AcknowledgeGroup,
        ListSilences,
        CreateSilence,
        ExpireSilence,
        ListRules,
        GetRule,
        PutRule,
        DeleteRule,
        ListDeadDeliveries,
        RetryDeadDelivery,
        ListKafkaDeadLetters,
        ShowCluster,
        LeaveCluster,
        DownNode,
    ];
}
