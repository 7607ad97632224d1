using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

public class FieldTemplateTests
{
    private const string Data = """
        {"mac":"aa:bb:cc:dd:ee:ff","vlan":42,"ratio":0.5,"trusted":false,"none":null,
         "port":{"switch":"sw-1","name":"ge-0/0/1","speed":{"mbps":1000}},
         "ips":["10.0.0.5","10.0.0.6"],"labels":{"a":1}}
        """;

    private static string Render(string template, InfraEvent? evt = null) =>
        new FieldTemplate(template).Render(evt ?? Event(dataJson: Data));

    [Fact]
    public void Default_dedup_key_joins_tenant_type_and_subject()
    {
        Assert.Equal(
            "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff",
            new FieldTemplate("{tenant}:{type}:{subject}").Render(Event())
        );
    }

    [Fact]
    public void Default_summary_reads_type_on_subject()
    {
        Assert.Equal("dhcp.lease.rogue_mac on aa:bb:cc:dd:ee:ff", AlertRule.DefaultSummary.Render(Event()));
    }

    [Fact]
    public void Missing_subject_renders_empty()
    {
        Assert.Equal(
            "acme:dhcp.lease.rogue_mac:",
            new FieldTemplate("{tenant}:{type}:{subject}").Render(Event(subject: null))
        );
    }

    [Theory]
    [InlineData("{id}", "evt-1")]
    [InlineData("{source}", "dhcp-watcher/site-a")]
    [InlineData("{type}", "dhcp.lease.rogue_mac")]
    [InlineData("{time}", "2025-03-01T12:00:00.0000000+00:00")]
    [InlineData("{subject}", "aa:bb:cc:dd:ee:ff")]
    [InlineData("{severity}", "high")]
    [InlineData("{tenant}", "acme")]
    [InlineData("{action}", "trigger")]
    [InlineData("{summary}", "")]
    public void Every_event_field_renders(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Fact]
    public void Resolve_action_and_given_summary_render()
    {
        var evt = Event(action: EventAction.Resolve, summary: "cleared");

        Assert.Equal("resolve/cleared", new FieldTemplate("{action}/{summary}").Render(evt));
    }

    [Theory]
    [InlineData("{data.mac}", "aa:bb:cc:dd:ee:ff")]
    [InlineData("{data.vlan}", "42")]
    [InlineData("{data.ratio}", "0.5")]
    [InlineData("{data.trusted}", "false")]
    [InlineData("{data.port.name}", "ge-0/0/1")]
    [InlineData("{data.port.speed.mbps}", "1000")]
    [InlineData("{data.ips.1}", "10.0.0.6")]
    [InlineData("{data.labels}", """{"a":1}""")]
    public void Data_paths_render_strings_bare_and_other_values_as_json(string template, string expected)
    {
        Assert.Equal(expected, Render(template));
    }

    [Theory]
    [InlineData("""{"job":"api","instance":"h1"}""")]
    [InlineData("""{"instance":"h1","job":"api"}""")]
    [InlineData("{\n  \"instance\" : \"h1\" ,\n  \"job\" : \"api\"\n}")]
    [InlineData("""{"instance":"h\u0031","job":"\u0061pi"}""")]
    public void An_object_renders_canonically_however_it_was_spelled(string labels)
    {
        var evt = Event(dataJson: $$"""{"labels":{{labels}}}""");

        Assert.Equal(
            """acme:dhcp.lease.rogue_mac:{"instance":"h1","job":"api"}""",
            new FieldTemplate("{tenant}:{type}:{data.labels}").Render(evt)
        );
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1.0", "1")]
    [InlineData("1e0", "1")]
    [InlineData("10E-1", "1")]
    [InlineData("-0.0", "0")]
    [InlineData("1.50", "1.5")]
    [InlineData("1e2", "100")]
    [InlineData("123456789012345678901234567", "123456789012345678901234567")]
    [InlineData("1e300", "1E+300")]
    public void Numbers_render_by_value(string written, string expected)
    {
        Assert.Equal(expected, Render("{data.n}", Event(dataJson: $$"""{"n":{{written}}}""")));
        Assert.Equal(
            $$"""[{"n":{{expected}}}]""",
            Render("{data.a}", Event(dataJson: $$"""{"a":[{"n":{{written}}}]}"""))
        );
    }

    [Fact]
    public void Arrays_keep_their_order_and_nested_objects_are_sorted_too()
    {
        var evt = Event(dataJson: """{"a":[ {"z":1,"y":[true,null,"x"]}, 2.50, "é\u00e9\"" ]}""");

        Assert.Equal("""[{"y":[true,null,"x"],"z":1},2.5,"éé\""]""", new FieldTemplate("{data.a}").Render(evt));
    }

    [Fact]
    public void Equal_objects_give_one_summary_text_too()
    {
        var template = new FieldTemplate("labels {data.labels}");

        Assert.Equal(
            template.Render(Event(dataJson: """{"labels":{"b":2,"a":1}}""")),
            template.Render(Event(dataJson: """{"labels":{"a":1.0, "b":2}}"""))
        );
    }

    [Theory]
    [InlineData("{data.missing}")]
    [InlineData("{data.none}")]
    [InlineData("{data.port.missing}")]
    [InlineData("{data.mac.deeper}")]
    [InlineData("{data.ips.2}")]
    [InlineData("{data.ips.-1}")]
    [InlineData("{data.ips.first}")]
    public void Absent_data_paths_render_empty(string template)
    {
        Assert.Equal("", Render(template));
    }

    [Fact]
    public void Data_path_on_an_event_without_data_renders_empty()
    {
        Assert.Equal("k::", new FieldTemplate("k:{data.mac}:{data.port.name}").Render(Event()));
    }

    [Fact]
    public void Literal_text_around_and_between_fields_is_kept()
    {
        Assert.Equal(
            "mac aa:bb:cc:dd:ee:ff on sw-1/ge-0/0/1 (vlan 42)",
            Render("mac {data.mac} on {data.port.switch}/{data.port.name} (vlan {data.vlan})")
        );
        Assert.Equal("no fields here", Render("no fields here"));
        Assert.Equal("", Render(""));
    }

    [Fact]
    public void Stray_closing_brace_is_literal()
    {
        Assert.Equal("acme}", Render("{tenant}}"));
    }

    [Theory]
    [InlineData("{tenant")]
    [InlineData("{tenant}:{type")]
    [InlineData("{host}")]
    [InlineData("{}")]
    [InlineData("{data.}")]
    [InlineData("{data}")]
    [InlineData("{Tenant}")]
    [InlineData("{{tenant}}")]
    public void Invalid_templates_are_refused_when_built(string template)
    {
        Assert.Throws<FormatException>(() => new FieldTemplate(template));
    }

    [Fact]
    public void Text_is_the_template_as_written()
    {
        var template = new FieldTemplate("{tenant}/{data.mac}");

        Assert.Equal("{tenant}/{data.mac}", template.Text);
        Assert.Equal("{tenant}/{data.mac}", template.ToString());
    }
}
