using AlertActors.Domain.Events;
using AlertActors.Domain.Rules.Conditions;
using static AlertActors.Domain.Tests.Build;
using static AlertActors.Domain.Tests.ConditionFixture;

namespace AlertActors.Domain.Tests;

/// <summary>Building conditions (what is refused, and why), combining them with all/any, and named lists as
/// operands.</summary>
public class ConditionCompositionTests
{
    // ---- building ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("host")]
    [InlineData("data")]
    [InlineData("data.")]
    [InlineData("Type")]
    public void Unknown_fields_are_refused(string field)
    {
        var ex = Assert.Throws<ConditionException>(() => Field(field, "eq", "x"));

        Assert.Equal("field", ex.Key);
        Assert.Contains("data.<path>", ex.Message);
    }

    [Theory]
    [InlineData("eq")]
    [InlineData("contains")]
    [InlineData("regex")]
    [InlineData("gt")]
    [InlineData("in")]
    public void A_value_is_required_except_for_exists(string op)
    {
        var ex = Assert.Throws<ConditionException>(() => Field("data.mac", op));

        Assert.Equal("value", ex.Key);
        Assert.Contains("required", ex.Message);
    }

    [Fact]
    public void Eq_takes_one_value_and_in_takes_a_list()
    {
        Assert.Contains(
            "use in / not-in",
            Assert.Throws<ConditionException>(() => FieldList("data.mac", "eq", ["a"])).Message
        );
        Assert.Contains("takes a list", Assert.Throws<ConditionException>(() => Field("data.mac", "in", "a")).Message);
    }

    [Fact]
    public void Operator_names_are_exact()
    {
        Assert.Equal(11, FieldOperatorNames.All.Count);
        foreach (var name in FieldOperatorNames.All)
        {
            Assert.True(FieldOperatorNames.TryParse(name, out var op));
            Assert.Equal(name, op.ToName());
        }
        Assert.False(FieldOperatorNames.TryParse("matches", out _));
        Assert.False(FieldOperatorNames.TryParse("EQ", out _));
        Assert.False(FieldOperatorNames.TryParse("notin", out _));
    }

    // ---- all / any --------------------------------------------------------------------------------------

    [Fact]
    public void All_needs_every_condition()
    {
        Assert.True(new AllOfCondition([IsLease, IsAcme]).Matches(Evt));
        Assert.False(new AllOfCondition([IsLease, IsDns]).Matches(Evt));
        Assert.True(new AllOfCondition([]).Matches(Evt));
    }

    [Fact]
    public void Any_needs_one_condition()
    {
        Assert.True(new AnyOfCondition([IsDns, IsLease]).Matches(Evt));
        Assert.False(new AnyOfCondition([IsDns, Field("tenant", "eq", "other")]).Matches(Evt));
        Assert.False(new AnyOfCondition([]).Matches(Evt));
    }

    [Fact]
    public void Groups_nest()
    {
        // all [ tenant = acme, any [ dns, all [ lease, severity >= high ] ] ]
        var condition = new AllOfCondition([
            IsAcme,
            new AnyOfCondition([IsDns, new AllOfCondition([IsLease, Field("severity", "gte", "high")])]),
        ]);

        Assert.True(condition.Matches(Evt));
        Assert.False(condition.Matches(Event(severity: Severity.Medium)));
        Assert.False(condition.Matches(Event(tenant: "other")));
        Assert.True(condition.Matches(Event(type: "dns.mismatch", severity: Severity.Info)));
    }

    // ---- named lists (a list is a list operand, resolved by the configuration) -----------------------

    [Fact]
    public void A_large_allow_list_matches_by_membership()
    {
        var known = Enumerable
            .Range(0, 5000)
            .Select(i => $"00:00:00:00:{i / 256:x2}:{i % 256:x2}")
            .Append("aa:bb:cc:dd:ee:ff")
            .ToArray();
        var rogue = FieldList("data.mac", "not-in", known, caseSensitive: false);

        Assert.False(rogue.Matches(Evt));
        Assert.True(rogue.Matches(Event(dataJson: """{"mac":"de:ad:be:ef:00:01"}""")));
    }
}
