using System.Text;
using System.Text.Json;
using AlertActors.Domain.Events;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

public class InfraEventParserTests
{
    internal static readonly DateTimeOffset ReceivedAt = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    internal const string Minimal = """{"id":"e1","source":"dhcp-watcher/site-a","type":"dhcp.lease.rogue_mac"}""";

    private static ParsedEvents One(string json) => InfraEventParser.ParseOne(Utf8(json), ReceivedAt);

    internal static ParsedEvents Batch(string json) => InfraEventParser.ParseBatch(Utf8(json), ReceivedAt);

    private static string WithField(string field, string jsonValue) =>
        $$"""{"id":"e1","source":"s","type":"t","{{field}}":{{jsonValue}}}""";

    [Fact]
    public void Minimal_event_gets_the_contract_defaults()
    {
        var parsed = One(Minimal);

        Assert.True(parsed.IsValid);
        var evt = Assert.Single(parsed.Events);
        Assert.Equal("e1", evt.Id);
        Assert.Equal("dhcp-watcher/site-a", evt.Source);
        Assert.Equal("dhcp.lease.rogue_mac", evt.Type);
        Assert.Equal(ReceivedAt, evt.Time);
        Assert.Null(evt.Subject);
        Assert.Equal(Severity.Info, evt.Severity);
        Assert.Equal("default", evt.Tenant);
        Assert.Equal(EventAction.Trigger, evt.Action);
        Assert.Null(evt.Summary);
        Assert.Null(evt.Data);
    }

    [Fact]
    public void Full_event_keeps_every_field()
    {
        var parsed = One(
            """
            {"specversion":"1.0","id":"e2","source":"dhcp-watcher/site-a","type":"dhcp.lease.rogue_mac",
             "time":"2025-03-01T14:00:00.250+02:00","subject":"aa:bb:cc:dd:ee:ff","severity":"critical",
             "tenant":"acme","action":"resolve","summary":"rogue MAC cleared",
             "data":{"mac":"aa:bb:cc:dd:ee:ff","vlan":42}}
            """
        );

        var evt = Assert.Single(parsed.Events);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 0, 0, 250, TimeSpan.Zero), evt.Time);
        Assert.Equal(TimeSpan.Zero, evt.Time.Offset);
        Assert.Equal("aa:bb:cc:dd:ee:ff", evt.Subject);
        Assert.Equal(Severity.Critical, evt.Severity);
        Assert.Equal("acme", evt.Tenant);
        Assert.Equal(EventAction.Resolve, evt.Action);
        Assert.Equal("rogue MAC cleared", evt.Summary);
        Assert.NotNull(evt.Data);
        Assert.Equal(42, evt.Data.Value.GetProperty("vlan").GetInt32());
    }

    [Theory]
    [InlineData("critical", Severity.Critical)]
    [InlineData("high", Severity.High)]
    [InlineData("medium", Severity.Medium)]
    [InlineData("low", Severity.Low)]
    [InlineData("info", Severity.Info)]
    public void Severity_names_map_to_severities(string name, Severity expected)
    {
        var evt = Assert.Single(One(WithField("severity", $"\"{name}\"")).Events);
        Assert.Equal(expected, evt.Severity);
    }

    [Theory]
    [InlineData("trigger", EventAction.Trigger)]
    [InlineData("resolve", EventAction.Resolve)]
    public void Action_names_map_to_actions(string name, EventAction expected)
    {
        var evt = Assert.Single(One(WithField("action", $"\"{name}\"")).Events);
        Assert.Equal(expected, evt.Action);
    }

    [Fact]
    public void Empty_tenant_falls_back_to_default()
    {
        var evt = Assert.Single(One(WithField("tenant", "\"\"")).Events);
        Assert.Equal("default", evt.Tenant);
    }

    [Fact]
    public void Null_optional_fields_count_as_absent()
    {
        var parsed = One(
            """{"id":"e1","source":"s","type":"t","subject":null,"severity":null,"time":null,"data":null}"""
        );

        var evt = Assert.Single(parsed.Events);
        Assert.Null(evt.Subject);
        Assert.Equal(Severity.Info, evt.Severity);
        Assert.Equal(ReceivedAt, evt.Time);
        Assert.Null(evt.Data);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("source")]
    [InlineData("type")]
    public void Each_required_field_is_reported_when_missing(string field)
    {
        var json = Minimal.Replace($"\"{field}\":", $"\"x-{field}\":", StringComparison.Ordinal);

        var parsed = One(json);

        Assert.False(parsed.IsValid);
        Assert.Empty(parsed.Events);
        Assert.Equal([$"{field}: is required"], parsed.Problems);
    }

    [Fact]
    public void Required_fields_that_are_null_or_empty_are_reported()
    {
        var parsed = One("""{"id":"","source":null,"type":"t"}""");

        Assert.Equal(["id: must not be empty", "source: is required"], parsed.Problems);
    }

    [Fact]
    public void Required_fields_of_only_whitespace_are_reported_as_empty()
    {
        var parsed = One("""{"id":"  ","source":"\t","type":"t"}""");

        Assert.Equal(["id: must not be empty", "source: must not be empty"], parsed.Problems);
    }

    [Fact]
    public void Non_string_field_is_reported_with_its_kind()
    {
        var parsed = One("""{"id":17,"source":"s","type":"t","subject":true}""");

        Assert.Contains("id: must be a string, not number", parsed.Problems);
        Assert.Contains("subject: must be a string, not true", parsed.Problems);
    }

    [Theory]
    [InlineData("id", 256, true)]
    [InlineData("id", 257, false)]
    [InlineData("source", 256, true)]
    [InlineData("source", 257, false)]
    [InlineData("type", 257, false)]
    [InlineData("subject", 1024, true)]
    [InlineData("subject", 1025, false)]
    [InlineData("tenant", 128, true)]
    [InlineData("tenant", 129, false)]
    public void Length_limits_are_inclusive(string field, int length, bool valid)
    {
        var fields = new Dictionary<string, string>
        {
            ["id"] = "e1",
            ["source"] = "s",
            ["type"] = "t",
        };
        fields[field] = new string('x', length);

        var parsed = One(JsonSerializer.Serialize(fields));

        Assert.Equal(valid, parsed.IsValid);
        if (!valid)
            Assert.Equal([$"{field}: is {length} characters; the limit is {length - 1}"], parsed.Problems);
    }

    [Fact]
    public void Specversion_other_than_1_0_is_rejected()
    {
        Assert.True(One(WithField("specversion", "\"1.0\"")).IsValid);
        Assert.Equal(["specversion: must be \"1.0\", got \"0.3\""], One(WithField("specversion", "\"0.3\"")).Problems);
    }

    [Fact]
    public void Unknown_severity_and_action_are_rejected_naming_the_allowed_values()
    {
        var parsed = One("""{"id":"e1","source":"s","type":"t","severity":"urgent","action":"fire"}""");

        Assert.Equal(
            [
                "severity: \"urgent\" is not one of critical, high, medium, low, info",
                "action: \"fire\" is not one of trigger, resolve",
            ],
            parsed.Problems
        );
    }

    [Theory]
    [InlineData("2025-03-01T12:00:00Z", "2025-03-01T12:00:00+00:00")]
    [InlineData("2025-03-01t12:00:00z", "2025-03-01T12:00:00+00:00")]
    [InlineData("2025-03-01 12:00:00Z", "2025-03-01T12:00:00+00:00")]
    [InlineData("2025-03-01T12:00:00.123456Z", "2025-03-01T12:00:00.123456+00:00")]
    [InlineData("2025-03-01T07:00:00-05:00", "2025-03-01T12:00:00+00:00")]
    [InlineData("2025-03-01T12:00:00.123456789Z", "2025-03-01T12:00:00.1234568+00:00")] // Go's RFC3339Nano
    public void Rfc3339_times_are_accepted_and_normalised_to_utc(string text, string expected)
    {
        var evt = Assert.Single(One(WithField("time", $"\"{text}\"")).Events);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), evt.Time);
        Assert.Equal(TimeSpan.Zero, evt.Time.Offset);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2025-03-01T12:00:00")] // no offset
    [InlineData("2025-03-01")] // date only
    [InlineData("2025-03-01T12:00Z")] // no seconds
    [InlineData("2025-03-01T12:00:00+0100")] // offset without colon
    [InlineData("2025-02-30T12:00:00Z")] // no such day
    [InlineData("1741000000")] // epoch seconds
    [InlineData("2025/03/01T12:00:00Z")] // slashes are not RFC 3339
    [InlineData("03/01/2025 12:00:00Z")] // US date order is not RFC 3339
    [InlineData("2025-03-01T12:00:00Z\n")] // trailing newline
    [InlineData(" 2025-03-01T12:00:00Z")] // leading space
    public void Non_rfc3339_times_are_rejected(string text)
    {
        var parsed = One(WithField("time", JsonSerializer.Serialize(text)));

        Assert.Equal([$"time: \"{text}\" is not an RFC 3339 timestamp"], parsed.Problems);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"mac\"")]
    [InlineData("5")]
    public void Data_must_be_an_object(string data)
    {
        Assert.Equal(["data: must be a JSON object"], One(WithField("data", data)).Problems);
    }

    [Fact]
    public void Every_problem_of_an_event_is_listed_not_only_the_first()
    {
        var parsed = One("""{"specversion":"2.0","source":"s","severity":"huge","time":"noon","data":7}""");

        Assert.Equal(
            [
                "specversion: must be \"1.0\", got \"2.0\"",
                "id: is required",
                "type: is required",
                "time: \"noon\" is not an RFC 3339 timestamp",
                "severity: \"huge\" is not one of critical, high, medium, low, info",
                "data: must be a JSON object",
            ],
            parsed.Problems
        );
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"id\":\"e1\",}")]
    public void Invalid_json_is_a_single_problem(string body)
    {
        var parsed = One(body);

        var problem = Assert.Single(parsed.Problems);
        Assert.StartsWith("body is not valid JSON", problem, StringComparison.Ordinal);
        Assert.Empty(parsed.Events);
    }

    [Theory]
    [InlineData(Minimal + " trailing")]
    [InlineData(Minimal + Minimal)]
    public void Content_after_the_json_value_is_rejected(string body)
    {
        Assert.False(One(body).IsValid);
        Assert.False(Batch(body).IsValid);
    }

    [Fact]
    public void Invalid_UTF8_inside_a_string_value_is_a_problem_not_an_exception()
    {
        // Found by the chaos bench: well-formed JSON with the bytes FF FE in a string made GetString throw.
        byte[] body =
        [
            .. "{\"id\":\"p-1\",\"source\":\""u8,
            0xff,
            0xfe,
            .. "\",\"type\":\"t\",\"severity\":\"critical\"}"u8,
        ];

        Assert.Equal(["body is not valid UTF-8"], InfraEventParser.ParseOne(body, ReceivedAt).Problems);
        Assert.Equal(["body is not valid UTF-8"], InfraEventParser.ParseBatch(body, ReceivedAt).Problems);
    }

    [Fact]
    public void A_kafka_message_that_is_not_an_object_is_rejected()
    {
        Assert.Equal(["an event must be a JSON object, not array"], One($"[{Minimal}]").Problems);
    }

    [Fact]
    public void A_kafka_message_of_exactly_64_KiB_is_accepted_and_one_byte_more_is_not()
    {
        var exact = EventOfSize(InfraEventParser.MaxEventBytes);
        var over = EventOfSize(InfraEventParser.MaxEventBytes + 1);

        Assert.True(InfraEventParser.ParseOne(exact, ReceivedAt).IsValid);
        var problem = Assert.Single(InfraEventParser.ParseOne(over, ReceivedAt).Problems);
        Assert.Equal("event is 65537 bytes; the limit is 65536", problem);
    }

    [Fact]
    public void Parsed_data_outlives_the_input_buffer()
    {
        var bytes = Utf8(WithField("data", """{"mac":"aa:bb"}"""));
        var evt = Assert.Single(InfraEventParser.ParseOne(bytes, ReceivedAt).Events);
        Array.Clear(bytes);

        Assert.Equal("aa:bb", evt.Data!.Value.GetProperty("mac").GetString());
    }

    /// <summary>A valid event whose UTF-8 encoding is exactly <paramref name="size"/> bytes.</summary>
    internal static byte[] EventOfSize(int size)
    {
        const string head = "{\"id\":\"big\",\"source\":\"s\",\"type\":\"t\",\"data\":{\"pad\":\"";
        const string tail = "\"}}";
        var padding = size - Encoding.UTF8.GetByteCount(head) - Encoding.UTF8.GetByteCount(tail);
        var bytes = Utf8(head + new string('x', padding) + tail);
        Assert.Equal(size, bytes.Length);
        return bytes;
    }
}
