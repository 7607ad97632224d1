using System.Collections.Immutable;
using Akka.Configuration;
using AlertActors.Domain;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

namespace AlertActors.Configuration;

using static RuleValues;

/// <summary>
/// Reads a rule's or the defaults'
/// <c>escalation = [ { after = 15m, notify { providers = [...], route { ... } } }, ... ]</c> (README "Escalation"):
/// each step's <c>after</c> has a unit and is later than the step before, its <c>notify</c>
/// names known providers and, optionally, a route as a rule's (<c>route { pagerduty { routing-key } opsgenie {
/// responders, tags } }</c>). A rule without the key inherits the defaults' steps; <c>escalation = []</c> turns them
/// off. Every mistake is recorded at once; no routing key is ever part of a message.
/// </summary>
public static partial class RuleReader
{
    private static readonly string[] EscalationStepKeys = ["after", "notify"];
    private static readonly string[] EscalationNotifyKeys = ["providers", "route"];

    private const string EscalationShape =
        "escalation = [ { after = 15m, notify { providers = [pagerduty], route { pagerduty { routing-key = \"...\" } } } }, ... ]";

    /// <summary>
    /// <paramref name="policy"/> and <paramref name="inheritedRoutes"/> with the section's <c>escalation</c>, if it has
    /// one; every mistake is recorded in <paramref name="problems"/> and the inherited steps kept.
    /// </summary>
    private static (AlertPolicy Policy, ImmutableArray<AlertRoute> Routes) WithEscalation(
        Config section,
        string where,
        AlertPolicy policy,
        ImmutableArray<AlertRoute> inheritedRoutes,
        GroupPolicy group,
        ConfigProblems problems
    )
    {
        var before = problems.Count;
        var read = problems.Try(() => EscalationOf(section, $"{where}.escalation", problems), null);
        if (problems.Count > before)
            return (policy, inheritedRoutes);
        var (steps, routes) = read ?? (policy.Escalation, inheritedRoutes);
        if (!steps.IsEmpty && group.IsGrouped && (read is not null || section.HasPath("group")))
            problems.Add(
                $"{where}.escalation: a grouped rule (group.by = [{string.Join(", ", group.By)}]) pages through its group "
                    + "and cannot escalate alert by alert; set escalation = [] or group { by = [\"...\"] }"
            );
        return (policy with { Escalation = steps }, routes);
    }

    /// <summary>The steps and their routes; null when the key is absent (inherit).</summary>
    /// <exception cref="ConfigurationException"><c>escalation</c> is not a list.</exception>
    private static (ImmutableArray<EscalationStep>, ImmutableArray<AlertRoute>)? EscalationOf(
        Config section,
        string key,
        ConfigProblems problems
    )
    {
        if (!section.HasPath("escalation"))
            return null;
        var value = section.GetValue("escalation");
        if (IsEmptyArray(value))
            return ([], []);
        if (!value.IsList())
            throw Error(key, $"must be a list of steps: {EscalationShape}");
        var steps = ImmutableArray.CreateBuilder<EscalationStep>();
        var routes = ImmutableArray.CreateBuilder<AlertRoute>();
        TimeSpan? previous = null;
        var index = 0;
        foreach (var item in value.Items())
        {
            var at = $"{key}[{index++}]";
            if (!item.IsObject())
            {
                problems.Add($"{at}: must be an object {{ after = 15m, notify {{ providers = [...] }} }}");
                continue;
            }
            var step = item.ToConfig();
            problems.Try(() => CheckKeys(step, at, EscalationStepKeys), false);
            var after = problems.Try<TimeSpan?>(() => AfterOf(step, at, previous), null);
            previous = after ?? previous;
            var notify = problems.Try(() => NotifyOf(step, at, problems), null);
            if (after is { } time && notify is var (providers, route))
            {
                steps.Add(new EscalationStep(time, providers));
                routes.Add(route);
            }
        }
        return (steps.ToImmutable(), routes.ToImmutable());
    }

    private static TimeSpan AfterOf(Config step, string at, TimeSpan? previous)
    {
        const string means = "it is how long after the alert's first page the step notifies, if nobody acknowledged";
        var after =
            DurationOf(step, "after", at, means)
            ?? throw Error($"{at}.after", $"is required (e.g. after = 15m): {means}");
        if (after <= TimeSpan.Zero)
            throw Error($"{at}.after", $"must be more than 0: {means}");
        if (previous is { } earlier && after <= earlier)
            throw Error(
                $"{at}.after",
                $"{DurationText.Format(after)} is not later than the step before ({DurationText.Format(earlier)}); steps follow one another"
            );
        return after;
    }

    private static (ImmutableArray<string>, AlertRoute)? NotifyOf(Config step, string at, ConfigProblems problems)
    {
        var notify =
            ObjectOf(step, "notify", at, EscalationNotifyKeys, problems)
            ?? throw Error($"{at}.notify", "is required: notify { providers = [pagerduty, opsgenie], route { ... } }");
        var where = $"{at}.notify";
        var providers = problems.Try(() => ProvidersOf(notify, where), null);
        if (providers is { IsEmpty: true } || (providers is null && !notify.HasPath("providers")))
            problems.Add($"{where}.providers: is required: the providers this step notifies, e.g. [pagerduty]");
        var route = problems.Try(() => RouteOf(notify, where, ProviderRouteKeys), null);
        foreach (var provider in ProviderRouteKeys)
        {
            if (
                providers is { IsEmpty: false } listed
                && !listed.Contains(provider)
                && notify.HasPath($"route.{provider}")
            )
                problems.Add($"{where}.route.{provider}: {provider} is not in this step's providers");
        }
        return providers is { IsEmpty: false } names && route is not null ? (names, route) : null;
    }
}
