using AlertActors.Domain.Alerts;
using AlertActors.Domain.Reports;
using AlertActors.Host.Application;
using AlertActors.Projection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/alerts/{dedupKey}/timeline?format=json|markdown&amp;period=N</c>: the whole life of one firing period
/// of an alert (default: its latest) as a postmortem-ready timeline (<see cref="PostmortemTimeline"/>), as JSON or as
/// Markdown (<see cref="PostmortemMarkdown"/>, <c>text/markdown</c>). 404 for an unknown alert (or one of another
/// tenant), one that never fired, or a period it does not have.
/// </summary>
public static class AlertTimelineEndpoints
{
    /// <summary>Maps <c>/alerts/{dedupKey}/timeline</c> on the <c>/api/v1</c> group (viewers may read).</summary>
    public static RouteGroupBuilder MapAlertTimelineEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/alerts/{dedupKey}/timeline", TimelineAsync).WithTags("alerts");
        return api;
    }

    private static async Task<
        Results<
            Ok<PostmortemTimeline>,
            ContentHttpResult,
            BadRequestProblem,
            NotFoundProblem,
            InternalErrorProblem,
            UnavailableProblem
        >
    > TimelineAsync(
        string dedupKey,
        string? format,
        string? period,
        [AsParameters] AlertsEndpoints.AlertRequest request,
        AlertReadStore store
    )
    {
        var problems = new List<string>();
        var markdown = format?.ToLowerInvariant() switch
        {
            null or "" or "json" => false,
            "markdown" or "md" => true,
            _ => (bool?)null,
        };
        if (markdown is null)
            problems.Add($"format: \"{format}\" is not one of json, markdown");
        int? wanted = null;
        if (!string.IsNullOrEmpty(period))
        {
            if (int.TryParse(period, out var n) && n >= 1)
                wanted = n;
            else
                problems.Add($"period: \"{period}\" is not a firing period number (1, 2, ...)");
        }
        if (DedupKeyRoute.Read(request.Context, dedupKey, segmentsAfter: 1) is not { } key)
            return DedupKeyRoute.Unreadable();
        if (problems.Count > 0)
            return new BadRequestProblem(string.Join("; ", problems), problems);

        var answer = await request.Entities.AskAsync(
            new AlertCommands.GetAlert(key),
            ApiCaller.Of(request.User),
            request.Aborted
        );
        if (answer is not AlertAnswer.Found { State: var state })
            return answer switch
            {
                AlertAnswer.Refused { Reason: RejectionReason.NotFound } refused => new NotFoundProblem(
                    refused.Message
                ),
                AlertAnswer.Refused refused => new InternalErrorProblem($"a read was refused: {refused.Message}"),
                AlertAnswer.Unexpected unexpected => new InternalErrorProblem(
                    $"unexpected reply {unexpected.ReplyType}"
                ),
                _ => new UnavailableProblem("the alert did not answer in time; retry"),
            };

        // An earlier period's occurrence count is kept by the read store only.
        var stored =
            wanted is { } earlier && earlier != state.FiringPeriod
                ? await store.LoadFiringPeriodAsync(key, earlier, request.Aborted)
                : null;
        if (PostmortemTimeline.Of(state, wanted, stored) is not { } timeline)
            return new NotFoundProblem(
                state.FiringPeriod == 0
                    ? $"alert {key} has never fired"
                    : $"alert {key} has firing periods 1 to {state.FiringPeriod}, not {wanted}"
            );
        return markdown == true
            ? TypedResults.Text(PostmortemMarkdown.Render(timeline), PostmortemMarkdown.ContentType)
            : TypedResults.Ok(timeline);
    }
}
