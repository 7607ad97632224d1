using Akka.Actor;
using Akka.Hosting;
using Akka.Serialization;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Serialization;

/// <summary>
/// Binds every <see cref="IAlertMessage"/> (journal events, snapshots, cluster messages) to
/// <see cref="AlertJsonSerializer"/> (identifier <see cref="AlertJsonSerializer.SerializerIdentifier"/>, which stored
/// journals name) through Akka.Hosting.
/// </summary>
public static class AlertActorsSerialization
{
    public const string SerializerName = "alert-json";

    public static readonly IReadOnlyList<Type> BoundTypes = [typeof(IAlertMessage)];

    public static AkkaConfigurationBuilder AddAlertActorsSerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(SerializerName, BoundTypes, system => new AlertJsonSerializer(system));

    /// <summary>The same binding as a setup, for an actor system built without Akka.Hosting (actor specs).</summary>
    public static SerializationSetup Setup() =>
        SerializationSetup.Create(system =>
            [SerializerDetails.Create(SerializerName, new AlertJsonSerializer(system), [.. BoundTypes])]
        );
}
