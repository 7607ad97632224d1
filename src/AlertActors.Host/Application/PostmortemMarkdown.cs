using System.Globalization;
using System.Text;
using AlertActors.Domain;
using AlertActors.Domain.Reports;

namespace AlertActors.Host.Application;

/// <summary>
/// A <see cref="PostmortemTimeline"/> as Markdown (CommonMark with a GFM table), to paste into a postmortem template:
/// a heading with the summary, the facts (alert, rule, tenant, severity, period, occurrences, fired, acknowledged,
/// resolved, TTA, TTR), then one table row per entry. Times are UTC in RFC 3339 (<c>2026-11-23T03:00:00Z</c>);
/// durations as <c>1h 3m 20s</c>. Text that came from outside (summaries, names, notes) is escaped, so it cannot break
/// the table or turn into markup.
/// </summary>
public static class PostmortemMarkdown
{
    /// <summary>The media type of the answer (RFC 7763).</summary>
    public const string ContentType = "text/markdown; charset=utf-8";

    public static string Render(PostmortemTimeline t)
    {
        var md = new StringBuilder();
        md.Append("## Alert timeline: ").AppendLine(Text(t.Summary)).AppendLine();
        md.Append("- **Alert:** ").AppendLine(Code(t.DedupKey));
        md.Append("- **Rule:** ")
            .Append(Text(t.Rule))
            .Append(" · **Tenant:** ")
            .Append(Text(t.Tenant))
            .Append(" · **Severity:** ")
            .AppendLine(t.Severity);
        md.Append(CultureInfo.InvariantCulture, $"- **Firing period:** {t.Period} of {t.LatestPeriod} ({t.Status})")
            .AppendLine();
        md.Append("- **Occurrences:** ")
            .AppendLine(
                t.Occurrences is { } o
                    ? string.Create(
                        CultureInfo.InvariantCulture,
                        $"{o.Count} (first {Time(o.First)}, last {Time(o.Last)})"
                    )
                    : "not known for this period"
            );
        md.Append("- **Fired:** ").AppendLine(Time(t.FiredAt));
        md.Append("- **Acknowledged:** ")
            .AppendLine(
                t.AcknowledgedAt is { } ackAt
                    ? $"{Time(ackAt)} by {Text(t.AcknowledgedBy)} (time to acknowledge {Duration(t.TimeToAcknowledgeSeconds)})"
                    : "not acknowledged"
            );
        md.Append("- **Resolved:** ")
            .AppendLine(
                t.ResolvedAt is { } resolvedAt
                    ? $"{Time(resolvedAt)} by {Text(t.ResolvedBy)} via {t.ResolvedHow} (time to resolve {Duration(t.TimeToResolveSeconds)})"
                    : "not resolved"
            );
        md.AppendLine();
        md.AppendLine("| Time (UTC) | Event | Details |");
        md.AppendLine("|---|---|---|");
        foreach (var e in t.Entries)
            md.Append("| ")
                .Append(Time(e.At))
                .Append(" | ")
                .Append(EventOf(e))
                .Append(" | ")
                .Append(DetailsOf(e))
                .AppendLine(" |");
        return md.ToString();
    }

    private static string EventOf(PostmortemEntry e) =>
        e.Provider is null ? Text(e.Change)
        : e.EscalationStep is { } step ? $"{Text(e.Change)} {Text(e.Provider)} ({e.Action}, escalation step {step})"
        : $"{Text(e.Change)} {Text(e.Provider)} ({e.Action})";

    private static string DetailsOf(PostmortemEntry e)
    {
        var parts = new List<string>();
        if (e.Provider is not null)
        {
            var attempts = e.Attempts == 1 ? "1 attempt" : $"{e.Attempts} attempts";
            parts.Add(
                e.CompletedAt is { } done
                    ? $"{Text(e.Outcome)} at {Time(done)} ({attempts})"
                    : $"{Text(e.Outcome)} ({attempts} so far)"
            );
        }
        if (e.By is not null)
            parts.Add("by " + Text(e.By));
        if (e.Via is not null)
            parts.Add("via " + Text(e.Via));
        if (!string.IsNullOrWhiteSpace(e.Note))
            parts.Add("“" + Text(e.Note) + "”");
        return string.Join(", ", parts);
    }

    /// <summary>RFC 3339 in UTC, to the second.</summary>
    public static string Time(DateTimeOffset at) => Rfc3339.Format(at);

    /// <summary><c>45s</c>, <c>4m 12s</c>, <c>1h 3m 20s</c>, <c>2d 1h 0m 0s</c>; <c>-</c> for none.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s)
            return "-";
        var span = TimeSpan.FromSeconds(Math.Round(Math.Max(0, s)));
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes}m {span.Seconds}s"
            : span.TotalHours >= 1 ? $"{span.Hours}h {span.Minutes}m {span.Seconds}s"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds}s"
            : $"{span.Seconds}s";
    }

    /// <summary>One line of text with Markdown's special characters backslash-escaped (CommonMark: any ASCII
    /// punctuation may be), the pipe included so a table cell stays one cell.</summary>
    private static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
                escaped.Append(' ');
            else
            {
                if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '!' or '~')
                    escaped.Append('\\');
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }

    /// <summary>A code span that holds <paramref name="text"/> whatever backticks it contains (CommonMark: a longer
    /// run of backticks around it, spaced).</summary>
    private static string Code(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        var fence = new string('`', longest + 1);
        return longest == 0 ? fence + text + fence : $"{fence} {text} {fence}";
    }
}
