using System.Text;
using Akka.Actor;
using AlertActors.Actors.Serialization;
using AlertActors.Domain.ApiRules;

namespace AlertActors.Actors.Tests;

/// <summary>The rule registry's journal rows as written by this version: a public format that later versions must
/// still read (manifest and JSON pinned here).</summary>
public sealed class ApiRuleJournalFormatTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
    private readonly ActorSystem _system = ActorSystem.Create("rule-journal-format");
    private readonly AlertJsonSerializer _serializer;

    public ApiRuleJournalFormatTests() => _serializer = new AlertJsonSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    [Theory]
    [InlineData(
        "rule.stored",
        """{"Name":"disk-full","Definition":"{\u0022name\u0022:\u0022disk-full\u0022}","By":"alice","At":"2026-11-30T03:00:00+00:00"}"""
    )]
    [InlineData("rule.deleted", """{"Name":"disk-full","By":"bob","At":"2026-11-30T03:00:00+00:00"}""")]
    public void Rule_events_are_written_under_a_short_manifest_as_plain_json_and_read_back(string manifest, string json)
    {
        IApiRuleJournalEvent expected =
            manifest == "rule.stored"
                ? new ApiRuleJournalEvents.RuleStored("disk-full", """{"name":"disk-full"}""", "alice", T0)
                : new ApiRuleJournalEvents.RuleDeleted("disk-full", "bob", T0);

        Assert.Equal(manifest, _serializer.Manifest(expected));
        Assert.Equal(json, Encoding.UTF8.GetString(_serializer.ToBinary(expected)));
        Assert.Equal(expected, _serializer.FromBinary(Encoding.UTF8.GetBytes(json), manifest));
    }
}
