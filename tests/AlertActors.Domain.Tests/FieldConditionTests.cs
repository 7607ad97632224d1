using AlertActors.Domain.Events;
using AlertActors.Domain.Rules.Conditions;
using static AlertActors.Domain.Tests.Build;
using static AlertActors.Domain.Tests.ConditionFixture;

namespace AlertActors.Domain.Tests;

/// <summary>Each field operator of a rule's condition (eq, in, comparisons, severity, contains, regex, exists) on every
/// kind of field.</summary>
public class FieldConditionTests
{
    // ---- eq / ne ----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("type", "dhcp.lease.rogue_mac", true)]
    [InlineData("type", "dhcp.lease", false)]
    [InlineData("tenant", "acme", true)]
    [InlineData("source", "dhcp-watcher/site-a", true)]
    [InlineData("subject", "aa:bb:cc:dd:ee:ff", true)]
    [InlineData("action", "trigger", true)]
    [InlineData("id", "evt-1", true)]
    [InlineData("summary", "Rogue MAC seen", true)]
    [InlineData("data.zone", "corp.example", true)]
    [InlineData("data.nested.user.name", "alice", true)]
    [InlineData("data.nested.user.name", "bob", false)]
    [InlineData("data.count", "25", true)]
    [InlineData("data.count", "25.0", true)]
    [InlineData("data.count", "26", false)]
    [InlineData("data.trusted", "false", true)]
    [InlineData("data.empty", "", true)]
    [InlineData("data.missing", "", false)]
    [InlineData("data.none", "", false)]
    public void Eq_matches_equal_values(string field, string value, bool matches)
    {
        Assert.Equal(matches, Field(field, "eq", value).Matches(Evt));
        Assert.Equal(!matches, Field(field, "ne", value).Matches(Evt));
    }

    [Fact]
    public void Eq_is_case_sensitive_by_default()
    {
        Assert.False(Field("data.mac", "eq", "aa:bb:cc:dd:ee:ff").Matches(Evt));
        Assert.True(Field("data.mac", "eq", "aa:bb:cc:dd:ee:ff", caseSensitive: false).Matches(Evt));
        Assert.True(Field("data.mac", "ne", "aa:bb:cc:dd:ee:ff").Matches(Evt));
        Assert.False(Field("data.mac", "ne", "aa:bb:cc:dd:ee:ff", caseSensitive: false).Matches(Evt));
    }

    [Fact]
    public void Ne_matches_an_absent_field()
    {
        Assert.True(Field("data.missing", "ne", "x").Matches(Evt));
        Assert.True(Field("subject", "ne", "x").Matches(Event(subject: null)));
        Assert.False(Field("subject", "eq", "").Matches(Event(subject: null)));
    }

    // ---- in / not-in ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("data.zone", new[] { "a.example", "corp.example" }, true)]
    [InlineData("data.zone", new[] { "a.example", "b.example" }, false)]
    [InlineData("data.zone", new string[0], false)]
    [InlineData("data.count", new[] { "1", "25" }, true)]
    [InlineData("data.count", new[] { "1", "2" }, false)]
    [InlineData("data.missing", new[] { "x" }, false)]
    [InlineData("type", new[] { "dhcp.lease.rogue_mac", "dns.mismatch" }, true)]
    public void In_matches_one_of_the_values(string field, string[] values, bool matches)
    {
        Assert.Equal(matches, FieldList(field, "in", values).Matches(Evt));
        Assert.Equal(!matches, FieldList(field, "not-in", values).Matches(Evt));
    }

    [Fact]
    public void In_and_not_in_honour_case_sensitivity()
    {
        string[] known = ["aa:bb:cc:dd:ee:ff", "11:22:33:44:55:66"];

        Assert.False(FieldList("data.mac", "in", known).Matches(Evt));
        Assert.True(FieldList("data.mac", "in", known, caseSensitive: false).Matches(Evt));
        Assert.True(FieldList("data.mac", "not-in", known).Matches(Evt));
        Assert.False(FieldList("data.mac", "not-in", known, caseSensitive: false).Matches(Evt));
    }

    // ---- gt / gte / lt / lte ----------------------------------------------------------------------------

    [Theory]
    [InlineData("gt", "24", true)]
    [InlineData("gt", "25", false)]
    [InlineData("gte", "25", true)]
    [InlineData("gte", "25.5", false)]
    [InlineData("lt", "26", true)]
    [InlineData("lt", "25", false)]
    [InlineData("lte", "25", true)]
    [InlineData("lte", "24.99", false)]
    [InlineData("gt", "-1e3", true)]
    public void Comparisons_are_numeric(string op, string value, bool matches)
    {
        Assert.Equal(matches, Field("data.count", op, value).Matches(Evt));
    }

    [Fact]
    public void Numeric_comparisons_take_fractions_and_numeric_strings()
    {
        Assert.True(Field("data.ratio", "lt", "0.75").Matches(Evt));
        Assert.True(Field("data.port", "gte", "1024").Matches(Evt));
        Assert.True(Field("data.count", "gt", "9").Matches(Evt)); // 25 > 9 as numbers, not as text
    }

    [Theory]
    [InlineData("data.zone")]
    [InlineData("data.trusted")]
    [InlineData("data.none")]
    [InlineData("data.missing")]
    [InlineData("data.tags")]
    [InlineData("data.nested")]
    [InlineData("subject")]
    public void A_field_that_is_not_a_number_never_compares(string field)
    {
        foreach (var op in new[] { "gt", "gte", "lt", "lte" })
            Assert.False(Field(field, op, "0").Matches(Evt), $"{field} {op} 0");
    }

    [Fact]
    public void Comparison_value_must_be_a_number()
    {
        var ex = Assert.Throws<ConditionException>(() => Field("data.count", "gt", "many"));

        Assert.Equal("value", ex.Key);
        Assert.Contains("not a number", ex.Message);
    }

    // ---- severity ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData(Severity.Info, false)]
    [InlineData(Severity.Medium, false)]
    [InlineData(Severity.High, true)]
    [InlineData(Severity.Critical, true)]
    public void Severity_compares_by_severity_order(Severity severity, bool matches)
    {
        var evt = Event(severity: severity);

        Assert.Equal(matches, Field("severity", "gte", "high").Matches(evt));
        Assert.Equal(!matches, Field("severity", "lt", "high").Matches(evt));
    }

    [Fact]
    public void Severity_gt_lte_eq_ne_in_by_name_in_any_case()
    {
        var evt = Event(severity: Severity.Medium);

        Assert.True(Field("severity", "gt", "low").Matches(evt));
        Assert.False(Field("severity", "gt", "medium").Matches(evt));
        Assert.True(Field("severity", "lte", "Medium").Matches(evt));
        Assert.True(Field("severity", "eq", "MEDIUM").Matches(evt));
        Assert.True(Field("severity", "ne", "high").Matches(evt));
        Assert.True(FieldList("severity", "in", ["low", "medium"]).Matches(evt));
        Assert.False(FieldList("severity", "not-in", ["low", "medium"]).Matches(evt));
    }

    [Fact]
    public void Severity_values_must_be_severity_names()
    {
        var ex = Assert.Throws<ConditionException>(() => Field("severity", "gte", "3"));

        Assert.Equal("value", ex.Key);
        Assert.Contains("critical, high, medium, low, info", ex.Message);
    }

    // ---- contains ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("data.zone", "corp", true, true)]
    [InlineData("data.zone", "CORP", true, false)]
    [InlineData("data.zone", "CORP", false, true)]
    [InlineData("data.zone", "intranet", false, false)]
    [InlineData("summary", "mac", false, true)]
    [InlineData("summary", "mac", true, false)]
    [InlineData("data.tags", "dns", true, true)]
    [InlineData("data.tags", "prod", true, false)]
    [InlineData("data.tags", "prod", false, true)]
    [InlineData("data.tags", "7", true, true)]
    [InlineData("data.tags", "pro", false, false)]
    [InlineData("data.count", "2", true, false)]
    [InlineData("data.missing", "x", true, false)]
    public void Contains_is_a_substring_of_strings_and_an_element_of_arrays(
        string field,
        string value,
        bool caseSensitive,
        bool matches
    )
    {
        Assert.Equal(matches, Field(field, "contains", value, caseSensitive).Matches(Evt));
    }

    // ---- regex ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("^AA:BB", true, true)]
    [InlineData("^aa:bb", true, false)]
    [InlineData("^aa:bb", false, true)]
    [InlineData("EE:FF$", true, true)]
    [InlineData("^[0-9A-F:]{17}$", true, true)]
    [InlineData("^11:", false, false)]
    public void Regex_finds_the_pattern_in_the_field(string pattern, bool caseSensitive, bool matches)
    {
        Assert.Equal(matches, Field("data.mac", "regex", pattern, caseSensitive).Matches(Evt));
    }

    [Fact]
    public void Regex_tests_numbers_as_written_and_never_matches_absent_or_structured_fields()
    {
        Assert.True(Field("data.count", "regex", "^2[0-9]$").Matches(Evt));
        Assert.False(Field("data.missing", "regex", ".*").Matches(Evt));
        Assert.False(Field("data.none", "regex", ".*").Matches(Evt));
        Assert.False(Field("data.nested", "regex", ".*").Matches(Evt));
    }

    /// <summary>Alertmanager's <c>zone!~"corp.*"</c> as README "Inhibition" maps it: a negative lookahead, or the
    /// field absent (Alertmanager takes a missing label for an empty one).</summary>
    [Theory]
    [InlineData("corp.example", false)]
    [InlineData("corp.*", false)]
    [InlineData("branch.example", true)]
    public void A_negative_lookahead_stands_for_Alertmanagers_not_regex_matcher(string notPattern, bool matches)
    {
        var notRegex = new AnyOfCondition([
            Field("data.zone", "exists", "false"),
            Field("data.zone", "regex", $"^(?!({notPattern})$)"),
        ]);

        Assert.Equal(matches, notRegex.Matches(Evt));
        Assert.True(notRegex.Matches(Event(dataJson: "{}")));
    }

    [Fact]
    public void Regex_timeout_counts_as_no_match_and_does_not_throw()
    {
        var evil = FieldCondition.Create(
            "data.input",
            FieldOperator.Regex,
            ConditionValue.Of("^(a+)+$"),
            regexTimeout: TimeSpan.FromMilliseconds(20)
        );
        var evt = Event(dataJson: $$"""{"input":"{{new string('a', 40)}}!"}""");

        Assert.False(evil.Matches(evt));
    }

    [Fact]
    public void Invalid_regex_is_refused_when_built()
    {
        var ex = Assert.Throws<ConditionException>(() => Field("data.mac", "regex", "([a-f"));

        Assert.Equal("value", ex.Key);
        Assert.Contains("not a valid regular expression", ex.Message);
    }

    // ---- exists -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("data.mac", true)]
    [InlineData("data.empty", true)]
    [InlineData("data.trusted", true)]
    [InlineData("data.nested.user", true)]
    [InlineData("data.none", false)]
    [InlineData("data.missing", false)]
    [InlineData("data.nested.user.age", false)]
    [InlineData("subject", true)]
    [InlineData("type", true)]
    [InlineData("severity", true)]
    public void Exists_true_means_present_and_not_null(string field, bool present)
    {
        Assert.Equal(present, Field(field, "exists").Matches(Evt));
        Assert.Equal(present, Field(field, "exists", "true").Matches(Evt));
        Assert.Equal(!present, Field(field, "exists", "false").Matches(Evt));
    }

    [Fact]
    public void Exists_on_optional_top_level_fields()
    {
        var bare = Event(subject: null, summary: null);

        Assert.False(Field("subject", "exists").Matches(bare));
        Assert.True(Field("subject", "exists", "false").Matches(bare));
        Assert.False(Field("summary", "exists").Matches(bare));
        Assert.False(Field("data.mac", "exists").Matches(bare));
    }

    [Fact]
    public void Exists_takes_only_a_boolean()
    {
        Assert.Equal("value", Assert.Throws<ConditionException>(() => Field("data.mac", "exists", "maybe")).Key);
    }
}
