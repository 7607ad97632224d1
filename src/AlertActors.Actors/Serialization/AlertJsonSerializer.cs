using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Serialization;

/// <summary>
/// System.Text.Json for every <see cref="IAlertMessage"/> (journal events, snapshots, cluster messages).
/// The manifest is the type's full name, looked up in an allow-list built from the Domain assembly, so
/// a payload can never name an arbitrary type.
/// </summary>
public sealed class AlertJsonSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerIdentifier = 9001;

    /// <summary>The one JSON shape of alert messages: also used for the read model's <c>state_json</c>.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly FrozenDictionary<string, Type> KnownTypes = typeof(IAlertMessage).Assembly
        .GetTypes()
        .Where(t => typeof(IAlertMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .ToFrozenDictionary(t => t.FullName!, t => t);

    public override int Identifier => SerializerIdentifier;

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public override object FromBinary(byte[] bytes, string manifest) =>
        KnownTypes.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type, Options) ?? throw new SerializationException($"empty payload for {manifest}")
            : throw new SerializationException($"unknown alert message type {manifest}");

    public override string Manifest(object o) => o.GetType().FullName!;
}
