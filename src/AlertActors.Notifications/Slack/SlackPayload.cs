using System.Text;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications.Slack;

/// <summary>
/// A Slack incoming-webhook message: <c>text</c> (the notification and fallback line) plus <c>blocks</c>
/// (a section with the headline and a context line with dedup key, tenant, source and subject).
/// Triggers lead with the severity emoji; acknowledgements and resolves say who did it.
/// </summary>
public static class SlackPayload
{
    /// <summary>
    /// Characters of a section's text and of a context element's text (Slack Block Kit,
    /// https://api.slack.com/reference/block-kit/blocks, "maximum length … 3000 characters", and at least 1); the
    /// message's top-level <c>text</c> is held to the same 3,000 (Slack truncates it at 40,000,
    /// https://api.slack.com/methods/chat.postMessage#truncating).
    /// </summary>
    public const int MaxBlockTextLength = 3000;

    public static string EmojiOf(Severity severity) =>
        severity switch
        {
            Severity.Critical => ":red_circle:",
            Severity.High => ":large_orange_circle:",
            Severity.Medium => ":large_yellow_circle:",
            Severity.Low => ":large_blue_circle:",
            _ => ":white_circle:",
        };

    /// <summary>The one-line message, in Slack's escaped mrkdwn.</summary>
    public static string Headline(NotificationRequest request)
    {
        var summary = Escape(PayloadFields.Summary(request));
        var severity = request.Severity.ToName().ToUpperInvariant();
        return request.Action switch
        {
            NotificationAction.Trigger => $"{EmojiOf(request.Severity)} *{severity}* {summary}",
            NotificationAction.Acknowledge => $":eyes: *Acknowledged*{By(request)}: {summary}",
            _ => $":white_check_mark: *Resolved*{By(request)}: {summary}",
        };
    }

    public static JsonObject Build(NotificationRequest request)
    {
        var headline = Headline(request);
        var section = new StringBuilder(headline);
        if (request.Note is { Length: > 0 } note)
            section.Append("\n> ").Append(Escape(note).Replace("\n", "\n> "));

        var context = new StringBuilder(
            $"dedup key: `{Code(request.DedupKey)}` · tenant: {Escape(request.Tenant)} · source: {Escape(request.Source)}"
        );
        if (request.Subject is { Length: > 0 } subject)
            context.Append(" · subject: ").Append(Escape(subject));

        return new JsonObject
        {
            ["text"] = TextLimits.Truncate($"{headline} ({Escape(request.DedupKey)})", MaxBlockTextLength),
            ["blocks"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = new JsonObject
                    {
                        ["type"] = "mrkdwn",
                        ["text"] = TextLimits.Truncate(section.ToString(), MaxBlockTextLength),
                    },
                },
                new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray(
                        new JsonObject
                        {
                            ["type"] = "mrkdwn",
                            ["text"] = TextLimits.Truncate(context.ToString(), MaxBlockTextLength),
                        }
                    ),
                }
            ),
        };
    }

    /// <summary>Slack mrkdwn control characters: &amp;, &lt; and &gt; must be escaped.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Code(string text) => Escape(text).Replace('`', '\'');

    private static string By(NotificationRequest request) =>
        request.By is { Length: > 0 } by ? $" by {Escape(by)}" : "";
}
