using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlertActors.Host.Api;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// One error shape on every HTTP error (RFC 9457 problem+json with what was wrong), 415 for anything but JSON,
/// out-of-range paging refused with its range, request body limits as documented, and a per-event answer from the
/// events API.
/// </summary>
public sealed class HttpErrorsTests(HttpErrorsTests.Node fixture) : IClassFixture<HttpErrorsTests.Node>
{
    public sealed class Node : IAsyncLifetime
    {
        private readonly TestDirectory _directory = new();

        public TestNode Instance { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Instance = await TestNode.StartAsync(
                _directory,
                """
                alertactors.rules = [
                  {
                    name = dns
                    match { all = [ { field = type, op = eq, value = "dns.record.mismatch" } ] }
                    min-severity = high
                  }
                ]
                """
            );

        public async Task DisposeAsync()
        {
            await Instance.DisposeAsync();
            _directory.Dispose();
        }
    }

    private HttpClient Http => fixture.Instance.Http;

    private static async Task<JsonNode> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]!.GetValue<string>()));
        Assert.Equal(problem["detail"]!.GetValue<string>(), problem["error"]!.GetValue<string>());
        return problem;
    }

    [Theory]
    [InlineData("""{"by":""", "not valid JSON")]
    [InlineData("""{"by":42}""", "at $.by: a value of the wrong kind")]
    [InlineData("""{"by":{"x":1}}""", "at $.by: a value of the wrong kind")]
    public async Task A_body_that_cannot_be_read_answers_400_problem_json_saying_what_was_wrong(
        string body,
        string mentions
    )
    {
        using var response = await Http.PostAsync(
            "/api/v1/alerts/default%3Ax/acknowledge",
            new StringContent(body, Encoding.UTF8, "application/json")
        );

        var detail = (await ProblemOf(response, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>();
        Assert.Contains(mentions, detail);
        Assert.DoesNotContain("AlertActors.", detail); // no internal type names
    }

    [Theory]
    [InlineData("/api/v1/alerts?limit=abc", "limit: \"abc\" is not a whole number")]
    [InlineData("/api/v1/deliveries/dead?offset=1.5", "offset: \"1.5\" is not a whole number")]
    [InlineData("/api/v1/alerts?limit=0", "limit=0 is out of range: 1 to 1000 (default 100)")]
    [InlineData("/api/v1/alerts?limit=-1", "limit=-1 is out of range: 1 to 1000")]
    [InlineData("/api/v1/alerts?limit=100000", "limit=100000 is out of range: 1 to 1000")]
    [InlineData("/api/v1/alerts?offset=-5", "offset=-5 is out of range: 0 or more")]
    [InlineData("/api/v1/deliveries/dead?limit=0", "limit=0 is out of range: 1 to 1000")]
    [InlineData("/api/v1/kafka/dead-letters?limit=101", "limit=101 is out of range: 0 to 100")]
    public async Task Query_parameters_out_of_range_or_of_the_wrong_type_are_refused_not_changed(
        string path,
        string mentions
    )
    {
        using var response = await Http.GetAsync(path);

        Assert.Contains(mentions, (await ProblemOf(response, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/v1/events", "text/plain")]
    [InlineData("/api/v1/events", "application/x-www-form-urlencoded")]
    [InlineData("/api/v1/silences", "text/plain")]
    [InlineData("/api/v1/alerts/default%3Ax/acknowledge", "application/x-www-form-urlencoded")]
    [InlineData("/webhooks/pagerduty", "text/plain")]
    public async Task Anything_but_json_on_a_json_endpoint_answers_415(string path, string contentType)
    {
        var content = new StringContent("""{"id":"x"}""", Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await Http.PostAsync(path, content);

        Assert.Contains(
            $"Content-Type {contentType}",
            (await ProblemOf(response, HttpStatusCode.UnsupportedMediaType))["detail"]!.GetValue<string>()
        );
    }

    [Fact]
    public async Task Unknown_paths_and_methods_answer_problem_json_too()
    {
        using var notFound = await Http.GetAsync("/api/v1/nothing-here");
        Assert.Contains(
            "/api/v1/nothing-here",
            (await ProblemOf(notFound, HttpStatusCode.NotFound))["detail"]!.GetValue<string>()
        );

        using var wrongMethod = await Http.DeleteAsync("/api/v1/events");
        await ProblemOf(wrongMethod, HttpStatusCode.MethodNotAllowed);

        using var unknownAlert = await Http.GetAsync("/api/v1/alerts/no%3Asuch");
        await ProblemOf(unknownAlert, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Error_texts_read_as_written_not_escaped_for_html_and_keep_the_problems_list()
    {
        using var response = await Http.PostAsync(
            "/api/v1/events",
            new StringContent(
                """{"id":"x","source":"s","type":"t","severity":"urgent"}""",
                Encoding.UTF8,
                "application/json"
            )
        );

        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("\\\"urgent\\\" is not one of", raw);
        Assert.DoesNotContain("\\u0022", raw);
        var problem = await ProblemOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(
            "severity: \"urgent\" is not one of critical, high, medium, low, info",
            problem["problems"]![0]!.GetValue<string>()
        );
    }

    [Fact]
    public async Task A_body_over_its_path_limit_answers_413_problem_json()
    {
        var tooLarge = new string('x', (int)RequestBodyLimits.DefaultBytes + 1);
        // As a careful client sends a large body: the 413 comes before the body (sending it into a closed connection
        // raced).
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/silences")
        {
            Content = new StringContent($"{{\"comment\":\"{tooLarge}\"}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await Http.SendAsync(request);

        Assert.Contains(
            "larger than 1,048,576 bytes",
            (await ProblemOf(response, HttpStatusCode.RequestEntityTooLarge))["detail"]!.GetValue<string>()
        );
    }

    [Fact]
    public async Task A_chunked_body_over_its_path_limit_answers_413_naming_the_limit()
    {
        var tooLarge = new string('x', (int)RequestBodyLimits.DefaultBytes + 1);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"comment\":\"{tooLarge}\"}}")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/silences") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await Http.SendAsync(request);

        Assert.Contains(
            "larger than 1,048,576 bytes",
            (await ProblemOf(response, HttpStatusCode.RequestEntityTooLarge))["detail"]!.GetValue<string>()
        );
    }

    [Fact]
    public void The_documented_body_limits_are_the_ones_the_code_enforces()
    {
        var doc = File.ReadAllText(Path.Combine(Repository.Root, "docs", "http-api.md"));
        var section = doc[doc.IndexOf("## Request body limits", StringComparison.Ordinal)..];
        var rows = Regex
            .Matches(section, @"^\| `?(?<path>[^`|]+?)`? \| (?<bytes>[\d,]+) bytes", RegexOptions.Multiline)
            .Select(m =>
                (Path: m.Groups["path"].Value.Trim(), Bytes: long.Parse(m.Groups["bytes"].Value.Replace(",", "")))
            )
            .ToList();

        Assert.Equal(RequestBodyLimits.Table.Select(l => (l.Path, l.Bytes)), rows);
        Assert.DoesNotContain("70 MiB for event inputs", File.ReadAllText(Path.Combine(Repository.Root, "README.md")));
    }

    [Fact]
    public async Task The_events_answer_says_per_event_what_happened()
    {
        var batch = """
            [
              {"id":"per-1","source":"dns","type":"dns.record.mismatch","subject":"a.example","severity":"critical"},
              {"id":"per-2","source":"dns","type":"dns.record.mismatch","subject":"b.example","severity":"low"},
              {"id":"per-3","source":"dhcp","type":"dhcp.lease.issued","severity":"critical"}
            ]
            """;
        using var first = await Http.PostAsync(
            "/api/v1/events",
            new StringContent(batch, Encoding.UTF8, "application/json")
        );
        using var again = await Http.PostAsync(
            "/api/v1/events",
            new StringContent(batch, Encoding.UTF8, "application/json")
        );

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var events = (await first.Content.ReadFromJsonAsync<JsonNode>())!["events"]!.AsArray();
        Assert.Equal(
            ["recorded", "below_min_severity", "no_rule_matched"],
            events.Select(e => e!["outcome"]!.GetValue<string>())
        );
        Assert.Equal("dns:default:dns.record.mismatch:a.example", events[0]!["alerts"]![0]!.GetValue<string>());
        Assert.Equal("dns: severity low is below min-severity high", events[1]!["reason"]!.GetValue<string>());
        Assert.Equal("dns: its match does not hold for this event", events[2]!["reason"]!.GetValue<string>());
        var repeated = (await again.Content.ReadFromJsonAsync<JsonNode>())!["events"]!.AsArray();
        Assert.Equal("duplicate", repeated[0]!["outcome"]!.GetValue<string>());
    }
}
