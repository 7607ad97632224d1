using AlertActors.TestSupport;
using static AlertActors.IntegrationTests.RulesApiRequests;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Rules and tenant-scoped tokens: a rule belongs to the tenants its <c>match.all</c> pins with <c>tenant</c> eq/in
/// conditions; a scoped token sees and changes only rules of its tenants, is refused (403) a rule that would alert on
/// others, and gets 404 for any other rule exactly as for a missing one. Plus alertctl rules against a running node.
/// </summary>
public sealed class RulesApiScopeTests : IDisposable
{
    private const string Admin = "rules-admin-0001";
    private const string SiteA = "rules-site-a-0001";
    private readonly TestDirectory _directory = new();

    private const string Tokens = $$"""
        alertactors.http.api-token = "{{Admin}}"
        alertactors.http.tokens = [ { name = site-a-ops, token = "{{SiteA}}", role = operator, tenants = [site-a] } ]
        """;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_scoped_token_sees_and_changes_only_its_tenants_rules()
    {
        await using var node = await TestNode.StartAsync(_directory, Tokens);
        Assert.Equal(201, (await PutRuleAsync(node, "global", """{"name":"global"}""", Admin)).Status);
        Assert.Equal(201, (await PutRuleAsync(node, "b-disk", RuleOfTenant("b-disk", "site-b"), Admin)).Status);

        var (created, rule, _) = await PutRuleAsync(node, "a-disk", RuleOfTenant("a-disk", "site-a"), SiteA);
        Assert.Equal(201, created);
        Assert.Equal("site-a-ops", rule!["updated_by"]!.ToString());

        var (_, list, _) = await SendAsync(node, HttpMethod.Get, "/api/v1/rules", token: SiteA);
        Assert.Equal(["a-disk"], list!["rules"]!.AsArray().Select(r => r!["name"]!.ToString()));

        var (unknown, unknownBody, _) = await SendAsync(node, HttpMethod.Get, "/api/v1/rules/nowhere", token: SiteA);
        foreach (var other in new[] { "global", "b-disk", "default" })
        {
            var (status, body, _) = await SendAsync(node, HttpMethod.Get, $"/api/v1/rules/{other}", token: SiteA);
            Assert.Equal(
                (unknown, unknownBody!["detail"]!.ToString().Replace("nowhere", other)),
                (status, body!["detail"]!.ToString())
            );
            Assert.Equal(
                404,
                (await SendAsync(node, HttpMethod.Delete, $"/api/v1/rules/{other}", token: SiteA)).Status
            );
        }
        Assert.Equal(404, (await PutRuleAsync(node, "b-disk", RuleOfTenant("b-disk", "site-a"), SiteA)).Status);
        Assert.Equal(403, (await PutRuleAsync(node, "mine", """{"name":"mine"}""", SiteA)).Status);
        Assert.Equal(403, (await PutRuleAsync(node, "mine", RuleOfTenant("mine", "site-b"), SiteA)).Status);
        var (_, adminList, _) = await SendAsync(node, HttpMethod.Get, "/api/v1/rules", token: Admin);
        Assert.Equal(
            ["default", "a-disk", "b-disk", "global"],
            adminList!["rules"]!.AsArray().Select(r => r!["name"]!.ToString())
        );

        // The dry run of its own events: rules it cannot see are not named unless they match.
        var (tested, answer, _) = await SendAsync(
            node,
            HttpMethod.Post,
            "/api/v1/rules/test",
            $$"""{"events":[{{Event("e1", "disk.full", "h1", tenant: "site-a")}}]}""",
            SiteA
        );
        Assert.Equal(200, tested);
        Assert.Equal(
            ["a-disk", "global"],
            answer!["results"]![0]!["matches"]!.AsArray().Select(m => m!["rule"]!.ToString()).Order()
        );
        Assert.DoesNotContain("b-disk", answer.ToJsonString());
        Assert.Equal(
            403,
            (
                await SendAsync(
                    node,
                    HttpMethod.Post,
                    "/api/v1/rules/test",
                    $$"""{"events":[{{Event("e2", "disk.full", "h1", tenant: "site-b")}}]}""",
                    SiteA
                )
            ).Status
        );
        Assert.Equal(200, (await SendAsync(node, HttpMethod.Delete, "/api/v1/rules/a-disk", token: SiteA)).Status);
    }

    [Fact]
    public async Task Alertctl_applies_lists_shows_and_deletes_rules_with_the_exit_codes_of_the_other_verbs()
    {
        await using var node = await TestNode.StartAsync(
            _directory,
            """alertactors.rules = [ { name = dns-burst, match { all = [ { field = type, op = eq, value = dns } ] } } ]"""
        );
        var server = node.Http.BaseAddress!.ToString();
        var file = Path.Combine(_directory.Path, "rules.json");
        await File.WriteAllTextAsync(file, $$"""[{{DiskFull}}, {"name":"cpu-high","severity":"high"}]""");

        var applied = await AlertCtlProcess.RunAsync(server, null, "rules", "apply", "-f", file, "--by", "alice");
        Assert.True(applied.ExitCode == 0, applied.Err);
        Assert.Contains("rule disk-full applied (revision 1)", applied.Out);
        Assert.Contains("rule cpu-high applied (revision 2)", applied.Out);

        var listed = await AlertCtlProcess.RunAsync(server, null, "rules", "list");
        Assert.True(listed.ExitCode == 0, listed.Err);
        var lines = listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("dns-burst") && l.Contains("config"));
        Assert.Contains(lines, l => l.StartsWith("disk-full") && l.Contains("api") && l.Contains("alice"));

        var shown = await AlertCtlProcess.RunAsync(server, null, "--output", "json", "rules", "show", "disk-full");
        Assert.True(shown.ExitCode == 0, shown.Err);
        Assert.Contains("\"dedup-key\": \"{tenant}:disk:{subject}\"", shown.Out);

        var readOnly = await AlertCtlProcess.RunAsync(server, null, "rules", "delete", "dns-burst");
        Assert.Equal(1, readOnly.ExitCode);
        Assert.Contains("HTTP 409", readOnly.Err);
        Assert.Contains("comes from the configuration file", readOnly.Err);

        await File.WriteAllTextAsync(
            file,
            """[{"name":"fine","severity":"low"}, {"name":"bad","severity":"urgent","treshold":{}}, {"name":"later"}]"""
        );
        var invalid = await AlertCtlProcess.RunAsync(server, null, "rules", "apply", "-f", file);
        Assert.Equal(1, invalid.ExitCode);
        // Which rule of the file was refused, what was applied before it, and that nothing after it was tried.
        Assert.Contains($"{file}: rule [1] (bad) was not applied: HTTP 400", invalid.Err);
        Assert.Contains("alertactors.rules[0] (bad).severity", invalid.Err);
        Assert.Contains("alertactors.rules[0] (bad).treshold", invalid.Err);
        Assert.Contains("applied before it: fine; the rules after it were not tried", invalid.Err);
        Assert.Equal(1, (await AlertCtlProcess.RunAsync(server, null, "rules", "show", "later")).ExitCode);

        var deleted = await AlertCtlProcess.RunAsync(server, null, "rules", "delete", "cpu-high");
        Assert.True(deleted.ExitCode == 0, deleted.Err);
        Assert.Contains("rule cpu-high deleted (revision 4)", deleted.Out);
        Assert.Equal(1, (await AlertCtlProcess.RunAsync(server, null, "rules", "show", "cpu-high")).ExitCode);
    }
}
