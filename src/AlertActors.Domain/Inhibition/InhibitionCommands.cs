using System.Collections.Immutable;
using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Inhibition;

/// <summary>Messages to the inhibition registry (a cluster singleton, so they may cross the wire).</summary>
public static class InhibitionCommands
{
    /// <summary>
    /// What the alert <paramref name="DedupKey"/> offers to inhibit now (<see cref="InhibitRules.SourceKeysOf"/>);
    /// empty when it no longer fires or matches no source. Not answered.
    /// </summary>
    public sealed record RegisterSource(string DedupKey, ImmutableArray<InhibitionKey> Keys) : IAlertMessage;

    /// <summary>Replies with the registry's whole <see cref="InhibitionSources"/>, once it has loaded them (not before:
    /// a node must not take "none" for "not known yet").</summary>
    public sealed record GetInhibitionSources : IAlertMessage
    {
        public static readonly GetInhibitionSources Instance = new();
    }
}
