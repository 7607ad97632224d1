using System.Text;
using AlertActors.Domain.Silences;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

public class SilenceRequestTests
{
    private static readonly DateTimeOffset Now = T0;

    private static SilenceValidation Validate(string json)
    {
        var problems = new List<string>();
        var request = SilenceRequest.FromJson(Encoding.UTF8.GetBytes(json), problems);
        if (request is null)
            return SilenceValidation.Invalid(problems);
        var validation = request.Validate(Now, "id-1");
        problems.AddRange(validation.Problems);
        return problems.Count == validation.Problems.Count ? validation : SilenceValidation.Invalid(problems);
    }

    [Fact]
    public void A_valid_request_with_a_duration_starts_now()
    {
        var result = Validate(
            """
            {"matchers":[{"name":"tenant","value":"site-a","is_regex":false,"is_equal":true},
                         {"name":"type","value":"dns\\..*","is_regex":true}],
             "duration":"2h","created_by":" alice ","comment":"maintenance"}
            """
        );
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        var silence = result.Silence!;
        Assert.Equal("id-1", silence.Id);
        Assert.Equal((Now, Now.AddHours(2)), (silence.StartsAt, silence.EndsAt));
        Assert.Equal(("alice", "maintenance"), (silence.CreatedBy, silence.Comment));
        Assert.Equal(
            [SilenceMatcher.Create("tenant", "=", "site-a"), SilenceMatcher.Create("type", "=~", @"dns\..*")],
            silence.Matchers.ToArray()
        );
    }

    [Fact]
    public void Explicit_times_are_kept_and_a_start_in_the_past_is_now()
    {
        var future = Validate(
            """
            {"matchers":[{"name":"tenant","value":"a"}],"starts_at":"2025-03-01T13:00:00Z","ends_at":"2025-03-01T15:00:00+01:00","created_by":"a","comment":"c"}
            """
        ).Silence!;
        Assert.Equal((At(60), At(120)), (future.StartsAt, future.EndsAt));
        Assert.Equal(SilenceStatus.Pending, future.StatusAt(Now));

        var past = Validate(
            """
            {"matchers":[{"name":"tenant","value":"a"}],"starts_at":"2025-03-01T11:00:00Z","duration":"1h","created_by":"a","comment":"c"}
            """
        ).Silence!;
        Assert.Equal((Now, At(60)), (past.StartsAt, past.EndsAt));
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var result = Validate(
            """
            {"matchers":[{"name":"hostname","value":"x"},{"name":"type","value":"(","is_regex":true},{"value":"x"},{"name":"tenant"}],
             "ends_at":"tomorrow","created_by":"","comment":"  "}
            """
        );
        Assert.False(result.IsValid);
        Assert.Equal(7, result.Problems.Count);
        Assert.Contains(result.Problems, p => p.StartsWith("matchers[0].name: \"hostname\" is not an alert field"));
        Assert.Contains(
            result.Problems,
            p => p.StartsWith("matchers[1].value: \"(\" is not a valid regular expression")
        );
        Assert.Contains(result.Problems, p => p.StartsWith("matchers[2].name: required"));
        Assert.Contains("matchers[3].value: required", result.Problems);
        Assert.Contains("ends_at: \"tomorrow\" is not an RFC 3339 time", result.Problems);
        Assert.Contains("created_by: required", result.Problems);
        Assert.Contains("comment: required", result.Problems);
    }

    [Theory]
    [InlineData("""{"duration":"2h","created_by":"a","comment":"c"}""", "matchers: at least one matcher is required")]
    [InlineData(
        """{"matchers":[],"duration":"2h","created_by":"a","comment":"c"}""",
        "matchers: at least one matcher is required"
    )]
    [InlineData(
        """{"matchers":[{"name":"tenant","value":"a"}],"created_by":"a","comment":"c"}""",
        "ends_at: required (or give duration, e.g. \"2h\")"
    )]
    [InlineData(
        """{"matchers":[{"name":"tenant","value":"a"}],"duration":"2h","ends_at":"2025-03-01T15:00:00Z","created_by":"a","comment":"c"}""",
        "ends_at, duration: give one of them, not both"
    )]
    [InlineData(
        """{"matchers":[{"name":"tenant","value":"a"}],"ends_at":"2025-03-01T11:00:00Z","created_by":"a","comment":"c"}""",
        "ends_at: 2025-03-01T11:00:00Z is not in the future"
    )]
    [InlineData(
        """{"matchers":[{"name":"tenant","value":"a"}],"starts_at":"2025-03-01T14:00:00Z","ends_at":"2025-03-01T13:00:00Z","created_by":"a","comment":"c"}""",
        "ends_at: 2025-03-01T13:00:00Z is not after starts_at"
    )]
    [InlineData(
        """{"matchers":[{"name":"tenant","value":"a"}],"ends_at":"2025-07-01T00:00:00Z","created_by":"a","comment":"c"}""",
        "ends_at: the silence would last longer than the limit of 90 days"
    )]
    [InlineData(
        """{"matchers":[{"name":"tenant","value":"a"}],"duration":"91d","created_by":"a","comment":"c"}""",
        "duration: 91d is longer than the limit of 90 days"
    )]
    [InlineData(
        """{"matchers":[{"name":"tenant","value":"a"}],"duration":"0m","created_by":"a","comment":"c"}""",
        "duration: \"0m\" is not a positive duration such as 30m, 2h, 1h30m or 3d"
    )]
    [InlineData(
        """{"matchers":[{"name":"subject","value":"x","is_equal":false}],"duration":"2h","created_by":"a","comment":"c"}""",
        "matchers: at least one matcher must not match the empty string, or the silence would cover (nearly) every alert"
    )]
    [InlineData(
        """{"matchers":[{"name":"type","value":".*","is_regex":true}],"duration":"2h","created_by":"a","comment":"c"}""",
        "matchers: at least one matcher must not match the empty string, or the silence would cover (nearly) every alert"
    )]
    [InlineData("""[1]""", "body: must be a JSON object")]
    [InlineData(
        """{"matchers":{"name":"tenant"},"duration":"2h","created_by":"a","comment":"c"}""",
        "matchers: must be an array of {name, value, is_regex, is_equal}"
    )]
    public void Each_rule_has_its_own_problem(string json, string problem) =>
        Assert.Contains(problem, Validate(json).Problems);

    [Fact]
    public void Wrong_json_types_are_reported_once_each()
    {
        var result = Validate(
            """
            {"matchers":[{"name":1,"value":"x"},{"name":"tenant","value":"a","is_regex":"yes"},"tenant=a"],
             "duration":2,"created_by":"a","comment":"c"}
            """
        );
        Assert.Equal(
            [
                "matchers[0].name: must be a string",
                "matchers[1].is_regex: must be true or false",
                "matchers[2]: must be an object {name, value, is_regex, is_equal}",
                "duration: must be a string",
                "ends_at: required (or give duration, e.g. \"2h\")",
            ],
            result.Problems
        );
    }

    [Fact]
    public void Invalid_json_is_one_problem() =>
        Assert.StartsWith("body: not valid JSON", Assert.Single(Validate("{\"matchers\": [").Problems));

    [Fact]
    public void A_matcher_that_matches_empty_is_fine_beside_one_that_does_not()
    {
        var result = Validate(
            """
            {"matchers":[{"name":"tenant","value":"site-a"},{"name":"subject","value":"ns1","is_equal":false}],"duration":"2h","created_by":"a","comment":"c"}
            """
        );
        Assert.True(result.IsValid, string.Join("; ", result.Problems));
    }
}
