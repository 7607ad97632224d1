using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlertActors.Domain.Events;

/// <summary>Parses and validates CloudEvents JSON as docs/http-api.md "Events" states.</summary>
public static class InfraEventParser
{
    /// <summary><see cref="EventLimits.MaxEventBytes"/>: the limits live there, shared by every input.</summary>
    public const int MaxEventBytes = EventLimits.MaxEventBytes;

    /// <summary><see cref="EventLimits.MaxBatchSize"/>.</summary>
    public const int MaxBatchSize = EventLimits.MaxBatchSize;
    private const int MaxIdLength = EventLimits.MaxIdLength;
    private const int MaxSubjectLength = EventLimits.MaxSubjectLength;
    private const int MaxTenantLength = EventLimits.MaxTenantLength;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    private static readonly Regex Rfc3339Shape = new(
        @"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})\z",
        RegexOptions.CultureInvariant
    );

    /// <summary>One event (a Kafka message value).</summary>
    public static ParsedEvents ParseOne(ReadOnlySpan<byte> utf8Json, DateTimeOffset receivedAt)
    {
        if (EventLimits.SizeProblem(utf8Json.Length) is { } tooLarge)
            return ParsedEvents.Invalid(tooLarge);
        if (!TryParseDocument(utf8Json, out var document, out var error))
            return ParsedEvents.Invalid(error);
        using (document)
        {
            var problems = new List<string>();
            var evt = ParseElement(document.RootElement, receivedAt, prefix: "", problems);
            return evt is null ? new ParsedEvents([], problems) : new ParsedEvents([evt], []);
        }
    }

    /// <summary>One event or a JSON array of events (an HTTP body).</summary>
    public static ParsedEvents ParseBatch(ReadOnlySpan<byte> utf8Json, DateTimeOffset receivedAt)
    {
        if (!TryParseDocument(utf8Json, out var document, out var error))
            return ParsedEvents.Invalid(error);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                if (EventLimits.SizeProblem(Encoding.UTF8.GetByteCount(root.GetRawText())) is { } tooLarge)
                    return ParsedEvents.Invalid(tooLarge);
                var problems = new List<string>();
                var single = ParseElement(root, receivedAt, "", problems);
                return single is null ? new ParsedEvents([], problems) : new ParsedEvents([single], []);
            }

            var count = root.GetArrayLength();
            if (count == 0)
                return ParsedEvents.Invalid("the array holds no event");
            if (count > MaxBatchSize)
                return ParsedEvents.Invalid($"the array holds {count} events; the limit is {MaxBatchSize}");
            var events = new List<InfraEvent>(count);
            var allProblems = new List<string>();
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                var prefix = $"[{index}].";
                if (EventLimits.SizeProblem(Encoding.UTF8.GetByteCount(item.GetRawText()), prefix) is { } tooLarge)
                    allProblems.Add(tooLarge);
                else if (ParseElement(item, receivedAt, prefix, allProblems) is { } evt)
                    events.Add(evt);
                index++;
            }
            return allProblems.Count > 0 ? new ParsedEvents([], allProblems) : new ParsedEvents(events, []);
        }
    }

    private static bool TryParseDocument(ReadOnlySpan<byte> utf8Json, out JsonDocument document, out string error)
    {
        // The JSON reader checks UTF-8 in string values only when one is read (GetString throws then): check it all
        // first.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json))
        {
            document = null!;
            error = "body is not valid UTF-8";
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
            document = JsonDocument.ParseValue(ref reader);
            // ParseValue stops after one value; anything but whitespace after it makes the body invalid.
            bool trailing;
            try
            {
                trailing = reader.Read();
            }
            catch (JsonException)
            {
                trailing = true;
            }
            if (trailing)
            {
                document.Dispose();
                document = null!;
                error = "body is not valid JSON: unexpected content after the JSON value";
                return false;
            }
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            document = null!;
            error = $"body is not valid JSON: {ex.Message}";
            return false;
        }
    }

    private static InfraEvent? ParseElement(
        JsonElement element,
        DateTimeOffset receivedAt,
        string prefix,
        List<string> problems
    )
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(
                $"{prefix.TrimEnd('.')}{(prefix.Length > 0 ? ": " : "")}an event must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}"
            );
            return null;
        }

        var before = problems.Count;
        var specVersion = OptionalString(element, "specversion", prefix, problems, int.MaxValue);
        if (specVersion is not null && specVersion != "1.0")
            problems.Add($"{prefix}specversion: must be \"1.0\", got \"{specVersion}\"");

        var id = RequiredString(element, "id", prefix, problems, MaxIdLength);
        var source = RequiredString(element, "source", prefix, problems, MaxIdLength);
        var type = RequiredString(element, "type", prefix, problems, MaxIdLength);
        var subject = OptionalString(element, "subject", prefix, problems, MaxSubjectLength);
        var tenant = OptionalString(element, "tenant", prefix, problems, MaxTenantLength);
        var summary = OptionalString(element, "summary", prefix, problems, int.MaxValue);

        var time = receivedAt;
        var timeText = OptionalString(element, "time", prefix, problems, int.MaxValue);
        if (timeText is not null && !TryParseRfc3339(timeText, out time))
            problems.Add($"{prefix}time: \"{timeText}\" is not an RFC 3339 timestamp");

        var severity = Severity.Info;
        var severityText = OptionalString(element, "severity", prefix, problems, int.MaxValue);
        if (severityText is not null && !SeverityNames.TryParse(severityText, out severity))
            problems.Add($"{prefix}severity: \"{severityText}\" is not one of {string.Join(", ", SeverityNames.All)}");

        var action = EventAction.Trigger;
        var actionText = OptionalString(element, "action", prefix, problems, int.MaxValue);
        if (actionText is not null)
        {
            switch (actionText.Trim().ToLowerInvariant())
            {
                case "trigger":
                    action = EventAction.Trigger;
                    break;
                case "resolve":
                    action = EventAction.Resolve;
                    break;
                default:
                    problems.Add($"{prefix}action: \"{actionText}\" is not one of trigger, resolve");
                    break;
            }
        }

        JsonElement? data = null;
        if (element.TryGetProperty("data", out var dataElement) && dataElement.ValueKind != JsonValueKind.Null)
        {
            if (dataElement.ValueKind == JsonValueKind.Object)
                data = dataElement.Clone();
            else
                problems.Add($"{prefix}data: must be a JSON object");
        }

        if (problems.Count > before)
            return null;
        return new InfraEvent(
            id!,
            source!,
            type!,
            time,
            subject,
            severity,
            string.IsNullOrEmpty(tenant) ? InfraEvent.DefaultTenant : tenant,
            action,
            summary,
            data
        );
    }

    private static string? RequiredString(
        JsonElement element,
        string name,
        string prefix,
        List<string> problems,
        int maxLength
    )
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add($"{prefix}{name}: is required");
            return null;
        }
        var text = StringValue(value, name, prefix, problems, maxLength);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            problems.Add($"{prefix}{name}: must not be empty");
            return null;
        }
        return text;
    }

    private static string? OptionalString(
        JsonElement element,
        string name,
        string prefix,
        List<string> problems,
        int maxLength
    ) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? StringValue(value, name, prefix, problems, maxLength)
            : null;

    private static string? StringValue(
        JsonElement value,
        string name,
        string prefix,
        List<string> problems,
        int maxLength
    )
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{prefix}{name}: must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}");
            return null;
        }
        var text = value.GetString()!;
        if (EventLimits.LengthProblem(name, text, maxLength, prefix) is { } tooLong)
        {
            problems.Add(tooLong);
            return null;
        }
        return text;
    }

    private static bool TryParseRfc3339(string text, out DateTimeOffset time)
    {
        // RFC 3339 requires a full date, a 'T' (or space), a full time and an explicit offset or 'Z'.
        if (
            Rfc3339Shape.IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time)
        )
        {
            time = time.ToUniversalTime();
            return true;
        }
        time = default;
        return false;
    }
}
