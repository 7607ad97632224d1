using System.Collections.Immutable;
using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Inhibition;

/// <summary>
/// The configured inhibit rules (<c>alertactors.inhibit</c>) and the two questions they answer: what a firing alert
/// offers to inhibit (<see cref="SourceKeysOf"/>), and which firing source inhibits an alert
/// (<see cref="InhibitorOf"/>). Pure; Alertmanager's semantics (its <c>inhibit/inhibit.go</c>).
/// </summary>
public sealed record InhibitRules(ImmutableArray<InhibitRule> Rules)
{
    public static readonly InhibitRules None = new([]);

    public bool IsEmpty => Rules.IsDefaultOrEmpty;

    /// <summary>
    /// What <paramref name="alert"/> offers to inhibit while it fires (firing or acknowledged): one key per rule whose
    /// source it matches; none when it does not fire or matches no source.
    /// </summary>
    public ImmutableArray<InhibitionKey> SourceKeysOf(AlertState alert)
    {
        if (IsEmpty || alert.Status is not (AlertStatus.Firing or AlertStatus.Acknowledged))
            return [];
        var view = AlertAsEvent.Of(alert);
        var keys = ImmutableArray.CreateBuilder<InhibitionKey>();
        for (var i = 0; i < Rules.Length; i++)
        {
            var rule = Rules[i];
            if (rule.Source.Matches(view))
                keys.Add(new InhibitionKey(i, rule.EqualValuesOf(view), rule.Target.Matches(view)));
        }
        return keys.ToImmutable();
    }

    /// <summary>
    /// The dedup key of the firing source that inhibits <paramref name="alert"/> (the first in ordinal order when
    /// several do), or null. An alert never inhibits itself; an alert that matches a rule's source and target is not
    /// inhibited by a source that does so too (Alertmanager's rule against mutual inhibition).
    /// </summary>
    public string? InhibitorOf(AlertState alert, InhibitionSources sources)
    {
        if (IsEmpty || sources.Sources.IsEmpty)
            return null;
        var view = AlertAsEvent.Of(alert);
        string? inhibitor = null;
        for (var i = 0; i < Rules.Length; i++)
        {
            var rule = Rules[i];
            if (!rule.Target.Matches(view))
                continue;
            var values = rule.EqualValuesOf(view);
            var twoSided = rule.Source.Matches(view);
            foreach (var (source, keys) in sources.Sources)
            {
                if (
                    source == alert.DedupKey
                    || (inhibitor is not null && string.CompareOrdinal(source, inhibitor) >= 0)
                    || !keys.Any(k => k.Rule == i && k.EqualValues == values && !(twoSided && k.AlsoTarget))
                )
                    continue;
                inhibitor = source;
            }
        }
        return inhibitor;
    }
}
