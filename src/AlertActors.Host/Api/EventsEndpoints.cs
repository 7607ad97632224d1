using System.Security.Claims;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Events;
using AlertActors.Host.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>POST /api/v1/events</c> (CloudEvents, one or an array) and <c>POST /api/v1/alertmanager</c> (Alertmanager webhook
/// v4), through
/// <see cref="EventIntake"/>. The 202 answer says per event what happened:
/// <c>{"accepted":n,"alerts":m,"events":[{"id","outcome","alerts":[dedup keys],"reason"}]}</c> with outcome
/// <c>recorded</c>, <c>duplicate</c> (a redelivered id: nothing changed), <c>no_rule_matched</c>,
/// <c>below_min_severity</c> or <c>rule_inactive</c> (outside the rule's <c>active-during</c> time intervals). A
/// partly accepted Alertmanager webhook adds <c>"refused":["alerts[i]...: problem", ...]</c> (the invalid alerts; the
/// valid ones are recorded, since Alertmanager drops a webhook answered 4xx).
/// </summary>
public static class EventsEndpoints
{
    /// <summary>One event's line of the answer.</summary>
    public sealed record EventResultJson(string Id, string Outcome, IReadOnlyList<string> Alerts, string? Reason);

    /// <summary>The 202 answer; <paramref name="Refused"/> only when some items were refused (an Alertmanager webhook),
    /// else omitted.</summary>
    public sealed record IngestedJson(
        int Accepted,
        int Alerts,
        IReadOnlyList<EventResultJson> Events,
        IReadOnlyList<string>? Refused = null
    );

    /// <summary>Maps the two event inputs on the <c>/api/v1</c> group (operator).</summary>
    public static RouteGroupBuilder MapEventsEndpoints(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("").WithTags("events").RequireAuthorization(ApiAuthorization.Operator);
        events.MapPost(
            "/events",
            (HttpRequest request, ClaimsPrincipal user, EventIntake intake, CancellationToken ct) =>
                PostAsync(request, InfraEventParser.ParseBatch, EventSources.Http, ApiCaller.Of(user), intake, ct)
        );
        events.MapPost(
            "/alertmanager",
            (HttpRequest request, ClaimsPrincipal user, EventIntake intake, CancellationToken ct) =>
                PostAsync(request, AlertmanagerWebhook.Parse, EventSources.Alertmanager, ApiCaller.Of(user), intake, ct)
        );
        return api;
    }

    private static async Task<
        Results<Accepted<IngestedJson>, BadRequestProblem, ForbiddenProblem, UnavailableProblem>
    > PostAsync(
        HttpRequest request,
        EventIntake.Parser parse,
        string source,
        ApiCaller? caller,
        EventIntake intake,
        CancellationToken ct
    )
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        return await intake.IngestAsync(
            body.GetBuffer().AsMemory(0, (int)body.Length),
            parse,
            source,
            caller,
            ct
        ) switch
        {
            EventIntake.Outcome.Accepted accepted => TypedResults.Accepted(
                (string?)null,
                new IngestedJson(
                    accepted.Results.Count,
                    accepted.Results.Sum(r => r.Alerts.Count),
                    [
                        .. accepted.Results.Select(r => new EventResultJson(
                            r.EventId,
                            r.OutcomeName,
                            r.Alerts,
                            r.Reason
                        )),
                    ],
                    accepted.Refused.Count > 0 ? accepted.Refused : null
                )
            ),
            EventIntake.Outcome.Invalid invalid => new BadRequestProblem(
                "invalid event(s); nothing was processed",
                invalid.Problems
            ),
            EventIntake.Outcome.OutOfScope foreign => new ForbiddenProblem(
                foreign.Caller.LimitedTo("event(s) of other tenants; nothing was processed"),
                foreign.Problems
            ),
            _ => new UnavailableProblem(
                "the alert store did not confirm in time; retry the same request (event ids make it safe)"
            ),
        };
    }
}
