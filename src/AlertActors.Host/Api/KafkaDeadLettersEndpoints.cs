using AlertActors.Configuration;
using AlertActors.Ingest;
using Confluent.Kafka;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/kafka/dead-letters?limit=N</c>: the Kafka dead-letter topics (messages that could not be ingested),
/// each with how many messages it holds and its N newest (default 10, at most 100) with their reasons
/// (<see cref="DeadLetterTopicReader"/>):
/// <c>{"topics":[{"topic","input_topic","messages","latest":[{"partition","offset","timestamp","reason",
/// "source_topic","source_partition","source_offset","key","value","value_truncated"}]}]}</c>. Not to be confused
/// with dead provider deliveries (<c>/api/v1/deliveries/dead</c>).
/// </summary>
public static class KafkaDeadLettersEndpoints
{
    public const int DefaultLatest = 10;
    public const int MaxLatest = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The answer: every dead-letter topic.</summary>
    public sealed record DeadLetterTopicsJson(IReadOnlyList<DeadLetterTopicReader.DeadLetterTopic> Topics);

    /// <summary>Maps <c>/kafka/dead-letters</c> on the <c>/api/v1</c> group.</summary>
    public static RouteGroupBuilder MapKafkaDeadLettersEndpoints(this RouteGroupBuilder api)
    {
        api.MapGroup("/kafka")
            .WithTags("kafka")
            .MapGet(
                "/dead-letters",
                async Task<Results<Ok<DeadLetterTopicsJson>, BadRequestProblem, UnavailableProblem>> (
                    int? limit,
                    KafkaEndpoint endpoint,
                    AlertActorsSettings settings,
                    CancellationToken ct
                ) =>
                {
                    if (limit is < 0 or > MaxLatest)
                        return new BadRequestProblem(
                            $"limit={limit} is out of range: 0 to {MaxLatest} (default {DefaultLatest})"
                        );
                    try
                    {
                        var reader = new DeadLetterTopicReader(endpoint, settings.Kafka);
                        return TypedResults.Ok(
                            new DeadLetterTopicsJson(
                                await Task.Run(() => reader.Read(limit ?? DefaultLatest, Timeout), ct)
                            )
                        );
                    }
                    catch (KafkaException ex)
                    {
                        return new UnavailableProblem($"the Kafka cluster did not answer: {ex.Error.Reason}");
                    }
                }
            );
        return api;
    }
}
