using System.Text;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

namespace AlertActors.Domain.Groups;

/// <summary>
/// The key of an alert group: the rule's name and the values of its <c>group.by</c> fields, in Prometheus label
/// notation, e.g. <c>DiskFull:{tenant="acme", data.site="a"}</c> (values escaped as in PromQL string literals). It is
/// the group entity's id, the PagerDuty <c>dedup_key</c> and the OpsGenie <c>alias</c> of the group's notifications;
/// a key longer than <see cref="MaxLength"/> becomes a readable prefix plus a SHA-256 of the whole
/// (<see cref="TextLimits.StableKey"/>), so it is always a valid PagerDuty dedup key.
/// </summary>
public static class GroupKey
{
    /// <summary>PagerDuty Events API v2 reference: dedup_key is at most 255 characters.</summary>
    public const int MaxLength = 255;

    /// <summary>The Alertmanager label that names the alert: the event's type.</summary>
    public const string AlertNameLabel = "alertname";

    /// <summary>The group key of the alert <paramref name="evt"/> feeds through <paramref name="rule"/>.</summary>
    public static string Of(string rule, GroupPolicy policy, InfraEvent evt) => Format(rule, LabelsOf(policy, evt));

    /// <summary>The <c>by</c> fields of <paramref name="policy"/> and their values in <paramref name="evt"/>, in
    /// order.</summary>
    public static IReadOnlyList<GroupLabel> LabelsOf(GroupPolicy policy, InfraEvent evt) =>
        [.. policy.By.Select(field => new GroupLabel(field, ValueOf(evt, field)))];

    /// <summary><c>rule:{name="value", ...}</c>, cut to <see cref="MaxLength"/> with a stable hash.</summary>
    public static string Format(string rule, IEnumerable<GroupLabel> labels)
    {
        var text = new StringBuilder(rule).Append(":{");
        var first = true;
        foreach (var (name, value) in labels)
        {
            if (!first)
                text.Append(", ");
            first = false;
            text.Append(name)
                .Append("=\"")
                .Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n"))
                .Append('"');
        }
        return TextLimits.StableKey(text.Append('}').ToString(), MaxLength);
    }

    /// <summary>
    /// One <c>by</c> field's value as text ("" when absent): an event field, a <c>data.*</c> path, or an Alertmanager
    /// label (<c>data.labels.&lt;name&gt;</c>; <c>alertname</c> is the type).
    /// </summary>
    public static string ValueOf(InfraEvent evt, string field) =>
        field == AlertNameLabel ? evt.Type
        : EventFields.MistakeIn(field) is null ? EventFields.Text(evt, field)
        : EventFields.Text(evt, $"data.labels.{field}");

    /// <summary>Whether <paramref name="field"/> can be a <c>by</c> field: an event field, a <c>data.*</c> path or a
    /// label name (letters, digits and '_', not starting with a digit, as Prometheus allows).</summary>
    public static bool IsValidField(string field) =>
        EventFields.MistakeIn(field) is null
        || (
            field.Length > 0 && !char.IsAsciiDigit(field[0]) && field.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        );
}
