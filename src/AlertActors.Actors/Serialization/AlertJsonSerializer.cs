using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Serialization;

/// <summary>
/// System.Text.Json for every <see cref="IAlertMessage"/> (journal events, snapshots, cluster messages). The manifest
/// is the type's stable short name from <see cref="AlertManifests"/> (legacy journals' CLR type names are read too),
/// so a payload can never name an arbitrary type and a rename never breaks a stored journal.
/// </summary>
public sealed class AlertJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerIdentifier = 9001;

    /// <summary>The one JSON shape of alert messages: also used for the read model's <c>state_json</c>.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter(), new AlertJournalEventJsonConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public override int Identifier => SerializerIdentifier;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    /// <exception cref="SerializationException">The manifest names no alert message, or the payload is
    /// empty.</exception>
    public override object FromBinary(byte[] bytes, string manifest) =>
        AlertManifests.TypeOf(manifest) is { } type
            ? JsonSerializer.Deserialize(bytes, type, Options)
                ?? throw new SerializationException($"empty payload for {manifest}")
            : throw new SerializationException($"unknown alert message type {manifest}");

    public override string Manifest(object o) => AlertManifests.Of(o.GetType());
}
