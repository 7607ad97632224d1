using System.Text.Json;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Silences;

namespace AlertActors.Domain.Tests;

public class SilenceMatcherTests
{
    internal static readonly AlertState Alert = AlertState.Empty("site-a:dns.lookup.failed:ns1") with
    {
        Tenant = "site-a",
        Type = "dns.lookup.failed",
        Subject = "ns1",
        Severity = Severity.High,
        Rule = "dns-failures",
        Source = "dns-probe/site-a",
        Summary = "DNS lookup failed on ns1",
    };

    [Theory]
    [InlineData("tenant", "=", "site-a", true)]
    [InlineData("tenant", "=", "site-b", false)]
    [InlineData("tenant", "=", "SITE-A", false)]
    [InlineData("tenant", "!=", "site-b", true)]
    [InlineData("tenant", "!=", "site-a", false)]
    [InlineData("type", "=~", @"dns\..*", true)]
    [InlineData("type", "=~", "dns", false)]
    [InlineData("type", "=~", "lookup", false)]
    [InlineData("type", "=~", "dns.lookup.failed|dhcp.*", true)]
    [InlineData("type", "!~", @"dhcp\..*", true)]
    [InlineData("type", "!~", @"dns\..*", false)]
    [InlineData("severity", "=", "high", true)]
    [InlineData("severity", "=~", "critical|high", true)]
    [InlineData("dedup_key", "=", "site-a:dns.lookup.failed:ns1", true)]
    [InlineData("subject", "=", "ns1", true)]
    [InlineData("rule", "=", "dns-failures", true)]
    [InlineData("source", "=~", "dns-probe/.*", true)]
    [InlineData("summary", "=~", ".*ns1", true)]
    public void Each_operator_over_each_field(string field, string op, string value, bool expected) =>
        Assert.Equal(expected, SilenceMatcher.Create(field, op, value).Matches(Alert));

    [Fact]
    public void A_regex_is_anchored_at_both_ends_like_Alertmanager()
    {
        Assert.False(SilenceMatcher.Create("subject", "=~", "ns").Matches(Alert));
        Assert.False(SilenceMatcher.Create("subject", "=~", "s1").Matches(Alert));
        Assert.True(SilenceMatcher.Create("subject", "=~", "ns.").Matches(Alert));
        // The alternation is grouped before anchoring: "a|ns1" must not become "^a|ns1$".
        Assert.False(SilenceMatcher.Create("subject", "=~", "n|x").Matches(Alert));
        // $ would also match before a trailing newline; the anchor is the true end.
        Assert.False(SilenceMatcher.Create("subject", "=~", "ns1").MatchesValue("ns1\n"));
    }

    [Fact]
    public void A_missing_field_reads_as_empty()
    {
        var noSubject = Alert with { Subject = null };
        Assert.True(SilenceMatcher.Create("subject", "=", "").Matches(noSubject));
        Assert.True(SilenceMatcher.Create("subject", "!=", "ns1").Matches(noSubject));
        Assert.False(SilenceMatcher.Create("subject", "=~", ".+").Matches(noSubject));
    }

    [Fact]
    public void A_regex_that_times_out_matches_nothing_with_either_operator()
    {
        // Catastrophic backtracking: without the timeout this would run for ages; "!~" must not read a
        // timeout as "did not match" and silence the alert.
        var evil = string.Concat(Enumerable.Repeat("word ", 30)) + "!";
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(SilenceMatcher.Create("subject", "=~", @"(\w+\s?)*").MatchesValue(evil));
        Assert.False(SilenceMatcher.Create("subject", "!~", @"(\w+\s?)*").MatchesValue(evil));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }

    [Fact]
    public void An_unknown_field_or_invalid_regex_never_matches()
    {
        Assert.False(new SilenceMatcher("hostname", "", isEqual: true).MatchesValue("x"));
        Assert.False(new SilenceMatcher("hostname", "x").Matches(Alert));
        Assert.False(new SilenceMatcher("type", "(", isRegex: true).Matches(Alert));
        Assert.False(new SilenceMatcher("type", "(", isRegex: true, isEqual: false).Matches(Alert));
    }

    [Fact]
    public void Operators_and_notation()
    {
        Assert.Equal(
            ["=", "!=", "=~", "!~"],
            new[]
            {
                SilenceMatcher.Create("tenant", "=", "a"),
                SilenceMatcher.Create("tenant", "!=", "a"),
                SilenceMatcher.Create("tenant", "=~", "a"),
                SilenceMatcher.Create("tenant", "!~", "a"),
            }.Select(m => m.Operator)
        );
        Assert.Equal("type=~\"dns\\\\..*\"", SilenceMatcher.Create("type", "=~", @"dns\..*").ToString());
        Assert.Throws<ArgumentException>(() => SilenceMatcher.Create("type", "==", "x"));
    }

    [Fact]
    public void Matchers_compare_by_value_and_survive_a_json_round_trip()
    {
        var matcher = SilenceMatcher.Create("type", "!~", @"dns\..*");
        Assert.Equal(SilenceMatcher.Create("type", "!~", @"dns\..*"), matcher);
        Assert.NotEqual(SilenceMatcher.Create("type", "=~", @"dns\..*"), matcher);

        var copy = JsonSerializer.Deserialize<SilenceMatcher>(JsonSerializer.Serialize(matcher))!;
        Assert.Equal(matcher, copy);
        Assert.False(copy.Matches(Alert));
        Assert.True(copy.Matches(Alert with { Type = "dhcp.lease" }));
    }
}
