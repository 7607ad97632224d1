using System.Text;
using AlertActors.Actors.Telemetry;
using AlertActors.Configuration;
using AlertActors.Domain.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AlertActors.Ingest;

/// <summary>
/// For hosts without Kafka: tails a file of JSON lines (one CloudEvent per line) through the same pipeline
/// as the other inputs. The position after a line is saved only once the line is recorded (or rejected),
/// so a crash re-reads at most the lines in progress (event ids make that harmless). A file that shrinks
/// (truncated or rotated) is read again from its start.
/// </summary>
public sealed class FileInputService(
    FileInputSettings settings,
    EventIngestor ingestor,
    TimeProvider time,
    ILogger<FileInputService> logger,
    AlertActorsMetrics? metrics = null
) : BackgroundService
{
    private readonly AlertActorsMetrics _metrics = metrics ?? AlertActorsMetrics.Unobserved;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Reading events from {Path} (JSON lines)", settings.Path);
        var position = ReadPosition();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                position = await ReadNewLinesAsync(position, stoppingToken);
            }
            catch (IOException ex)
            {
                logger.LogWarning("Reading {Path} failed: {Error}", settings.Path, ex.Message);
            }
            await Task.Delay(settings.PollInterval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<long> ReadNewLinesAsync(long position, CancellationToken stoppingToken)
    {
        if (!File.Exists(settings.Path))
            return position;
        await using var stream = new FileStream(
            settings.Path,
            FileMode.Open,
            FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete
        );
        if (stream.Length < position)
        {
            logger.LogInformation("{Path} shrank (truncated or rotated); reading it from the start", settings.Path);
            position = 0;
        }
        stream.Seek(position, SeekOrigin.Begin);
        var line = new List<byte>(1024);
        int next;
        var consumed = position;
        while ((next = stream.ReadByte()) >= 0)
        {
            consumed++;
            if (next != '\n')
            {
                line.Add((byte)next);
                continue;
            }
            await HandleLineAsync(line.ToArray(), stoppingToken).ConfigureAwait(false);
            line.Clear();
            position = consumed;
            await File.WriteAllTextAsync(settings.PositionPath, position.ToString(), stoppingToken)
                .ConfigureAwait(false);
        }
        return position; // a last line without '\n' is still being written: read it next time
    }

    /// <summary>One line of the <c>.rejected</c> file: why, and the line as it was.</summary>
    private sealed record RejectedLine(
        [property: System.Text.Json.Serialization.JsonPropertyName("reason")] string Reason,
        [property: System.Text.Json.Serialization.JsonPropertyName("line")] string Line
    );

    /// <summary>Escapes only what JSON needs (no <c>\u0022</c> for quotes): the file is read by people and log tools,
    /// not by browsers.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions RejectedLineJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private async Task HandleLineAsync(byte[] line, CancellationToken stoppingToken)
    {
        if (line.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\t'))
            return;
        var parsed = InfraEventParser.ParseOne(line, time.GetUtcNow());
        if (!parsed.IsValid)
        {
            var reason = string.Join("; ", parsed.Problems);
            logger.LogWarning(
                "Invalid line in {Path} written to {Rejected}: {Reason}",
                settings.Path,
                settings.RejectedPath,
                reason
            );
            await File.AppendAllTextAsync(
                    settings.RejectedPath,
                    System.Text.Json.JsonSerializer.Serialize(
                        new RejectedLine(reason, Encoding.UTF8.GetString(line)),
                        RejectedLineJson
                    ) + "\n",
                    stoppingToken
                )
                .ConfigureAwait(false);
            _metrics.EventsIn(EventSources.File, EventOutcomes.Invalid);
            return;
        }
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await ingestor
                    .IngestAsync(parsed.Events[0], EventSources.File, null, stoppingToken)
                    .ConfigureAwait(false);
                _metrics.EventsIn(EventSources.File, EventOutcomes.Accepted);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(
                    "Event {EventId} from {Path} not recorded, retrying in {Delay}: {Error}",
                    parsed.Events[0].Id,
                    settings.Path,
                    delay,
                    ex.Message
                );
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, delay.Ticks * 2));
            }
        }
    }

    private long ReadPosition() =>
        File.Exists(settings.PositionPath)
        && long.TryParse(File.ReadAllText(settings.PositionPath).Trim(), out var position)
            ? position
            : 0;
}
