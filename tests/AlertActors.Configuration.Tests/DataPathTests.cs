using static AlertActors.Configuration.Tests.RuleConfig;

namespace AlertActors.Configuration.Tests;

/// <summary>A <c>data.&lt;path&gt;</c> field reference with an empty segment (<c>data.</c>, <c>data..x</c>,
/// <c>data.x.</c>) names no value: every place that takes a field refuses it (rule conditions and templates here,
/// inhibit <c>equal</c> in <see cref="InhibitReaderTests"/>).</summary>
public class DataPathTests
{
    [Theory]
    [InlineData("data.")]
    [InlineData("data..x")]
    [InlineData("data.x.")]
    public void A_condition_field_with_an_empty_segment_is_refused(string path)
    {
        Assert.StartsWith(
            $"alertactors.rules[0] (r).match.all[0].field: \"{path}\" has an empty segment",
            ErrorOf($$"""{ name = r, match { all = [ { field = "{{path}}", op = exists } ] } }""")
        );
    }

    [Theory]
    [InlineData("data.")]
    [InlineData("data..x")]
    [InlineData("data.x.")]
    public void A_template_field_with_an_empty_segment_is_refused(string path)
    {
        Assert.StartsWith(
            $"alertactors.rules[0] (r).dedup-key: template \"{{{path}}}\": \"{path}\" has an empty segment",
            ErrorOf($$"""{ name = r, dedup-key = "{{{path}}}" }""")
        );
    }

    [Fact]
    public void A_well_formed_data_path_is_taken()
    {
        Assert.Single(
            ReadRules(
                """
                { name = r
                  match { all = [ { field = "data.labels.site", op = exists } ] }
                  dedup-key = "{data.labels.site}" }
                """
            ).Rules
        );
    }
}
