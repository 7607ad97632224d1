using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;
using static AlertActors.Configuration.Tests.RuleConfig;

namespace AlertActors.Configuration.Tests;

/// <summary>hocon/examples/seed-rules.conf loads through ConfigLoader like an operator's --config file.</summary>
public class SeedRulesExampleTests
{
    private static readonly RuleSet Rules = LoadFile(Path.Combine("examples", "seed-rules.conf"));

    private static AlertRule Rule(string name) => Assert.Single(Rules.Rules, r => r.Name == name);

    private static InfraEvent Lease(string mac) =>
        Event(
            $$$"""
            {"id":"l-{{{mac}}}","source":"dhcp-watcher/site-a","type":"dhcp.lease.issued","subject":"{{{mac}}}","tenant":"acme",
             "data":{"mac":"{{{mac}}}","ip":"10.0.0.42"}}
            """
        );

    private static InfraEvent DnsMismatch(string zone, string id = "d-1") =>
        Event(
            $$$"""
            {"id":"{{{id}}}","source":"dns-checker","type":"dns.record.mismatch","subject":"www.{{{zone}}}","tenant":"acme",
             "data":{"zone":"{{{zone}}}","record":"www.{{{zone}}}","expected":"10.0.0.1","actual":"10.9.9.9"}}
            """
        );

    private static InfraEvent FailedLogin(string user, string type = "user.login", string status = "FAILED") =>
        Event(
            $$$"""
            {"id":"f-{{{user}}}","source":"auth","type":"{{{type}}}","subject":"{{{user}}}","tenant":"acme",
             "data":{"user":"{{{user}}}","status":"{{{status}}}","ip":"203.0.113.7"}}
            """
        );

    [Fact]
    public void The_example_defines_the_three_seed_rules()
    {
        Assert.Equal(["rogue-mac", "dns-mismatch-burst", "failed-logins"], Rules.Rules.Select(r => r.Name));
    }

    [Fact]
    public void Rogue_mac_pages_a_lease_to_an_unknown_mac_as_critical()
    {
        var match = Assert.Single(Rules.Match(Lease("de:ad:be:ef:00:01")));

        Assert.Equal("rogue-mac", match.Occurrence.Rule);
        Assert.Equal("acme:rogue-mac:de:ad:be:ef:00:01", match.DedupKey);
        Assert.Equal(Severity.Critical, match.Occurrence.Severity);
        Assert.Equal(["pagerduty"], match.Occurrence.Providers.AsEnumerable());
        Assert.Equal(
            "DHCP lease 10.0.0.42 issued to unknown MAC de:ad:be:ef:00:01 (dhcp-watcher/site-a)",
            match.Occurrence.Summary
        );
        Assert.Equal(1, match.Occurrence.Policy.ThresholdCount);
    }

    [Theory]
    [InlineData("00:11:22:33:44:55")]
    [InlineData("3C:22:FB:10:AA:01")] // the allow-list compares case-insensitively
    public void Rogue_mac_ignores_a_known_mac(string mac)
    {
        Assert.Empty(Rules.Match(Lease(mac)));
    }

    [Fact]
    public void Dns_mismatch_burst_fires_on_the_21st_mismatch_of_a_zone_within_a_minute()
    {
        var rule = Rule("dns-mismatch-burst");

        Assert.Equal(21, rule.Policy.ThresholdCount);
        Assert.Equal(TimeSpan.FromMinutes(1), rule.Policy.ThresholdWindow);
        Assert.Equal(TimeSpan.FromMinutes(10), rule.Policy.AutoResolveAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), rule.Policy.Cooldown); // inherited from the defaults
        Assert.Equal(Severity.High, rule.SeverityOverride);
    }

    [Fact]
    public void Dns_mismatch_burst_keeps_one_alert_per_zone()
    {
        var corp = Assert.Single(Rules.Match(DnsMismatch("corp.example", "d-1")));
        var corpAgain = Assert.Single(Rules.Match(DnsMismatch("corp.example", "d-2")));
        var lab = Assert.Single(Rules.Match(DnsMismatch("lab.example", "d-3")));

        Assert.Equal("acme:dns-mismatch:corp.example", corp.DedupKey);
        Assert.Equal(corp.DedupKey, corpAgain.DedupKey);
        Assert.Equal("acme:dns-mismatch:lab.example", lab.DedupKey);
        Assert.Equal(21, corp.Occurrence.Policy.ThresholdCount);
        Assert.Equal(TimeSpan.FromMinutes(1), corp.Occurrence.Policy.ThresholdWindow);
    }

    [Fact]
    public void Failed_logins_are_counted_per_user()
    {
        var rule = Rule("failed-logins");
        var alice = Assert.Single(Rules.Match(FailedLogin("alice")));
        var bob = Assert.Single(Rules.Match(FailedLogin("bob", type: "ssh.auth")));

        Assert.Equal("acme:failed-logins:alice", alice.DedupKey);
        Assert.Equal("acme:failed-logins:bob", bob.DedupKey);
        Assert.Equal(
            new AlertPolicy(
                5,
                TimeSpan.FromMinutes(5),
                TimeSpan.FromMinutes(5),
                10,
                TimeSpan.FromHours(4),
                TimeSpan.FromMinutes(30)
            ),
            rule.Policy
        );
        Assert.Equal(["opsgenie"], rule.Providers.AsEnumerable());
        Assert.Equal(["security-team"], rule.Route.OpsGenieResponders.AsEnumerable());
        Assert.Equal(["auth", "brute-force"], rule.Route.OpsGenieTags.AsEnumerable());
    }

    [Theory]
    [InlineData("user.login", "success")]
    [InlineData("web.login", "failed")]
    [InlineData("sshd.auth", "failed")] // the regex is anchored: ^(ssh|vpn)\.auth$
    [InlineData("sshXauth", "failed")] // and its dot is literal
    public void Failed_logins_ignore_other_events(string type, string status)
    {
        Assert.Empty(Rules.Match(FailedLogin("carol", type, status)));
    }
}
