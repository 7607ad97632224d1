using System.CommandLine;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary>
/// <c>cluster show</c>, <c>cluster leave [ADDR]</c>, <c>cluster down ADDR</c>, <c>shards</c>: cluster membership and
/// shard placement.
/// <c>cluster leave</c> without an address makes the node alertctl talks to (<c>--server</c>) leave: a pre-stop hook's
/// form.
/// </summary>
public static class ClusterCliCommands
{
    public static Command Cluster(GlobalOptions global)
    {
        var command = new Command("cluster", "Show cluster members, or make a node leave or mark it down");
        command.Subcommands.Add(Show(global));
        command.Subcommands.Add(
            Change(
                global,
                "leave",
                ApiRoutes.LeaveCluster,
                "Make a node leave the cluster gracefully (its shards move first); without ADDR, the node --server names",
                optional: true
            )
        );
        command.Subcommands.Add(
            Change(
                global,
                "down",
                ApiRoutes.DownNode,
                "Mark an unreachable node down (only for a node that is really gone)",
                optional: false
            )
        );
        return command;
    }

    public static Command Shards(GlobalOptions global)
    {
        var command = new Command("shards", "Shard and entity counts per node, per shard region");
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var answer = await client.SendAsync(ApiRoutes.ShowCluster, ct);
                        var regions = answer["shard_regions"]?.AsArray() ?? [];
                        if (json)
                        {
                            Output.Json(new JsonObject { ["shard_regions"] = regions.DeepClone() });
                            return;
                        }
                        Output.Table(
                            ["REGION", "NODE", "SHARDS", "ENTITIES"],
                            regions.SelectMany(region =>
                                (region?["nodes"]?.AsArray() ?? []).Select(n =>
                                    (IReadOnlyList<string>)
                                        [
                                            Output.Text(region, "type_name"),
                                            Output.Text(n, "address"),
                                            Output.Text(n, "shards"),
                                            Output.Text(n, "entities"),
                                        ]
                                )
                            ),
                            "no shards allocated yet"
                        );
                        PrintRegionProblems(regions);
                    }
                )
        );
        return command;
    }

    private static Command Show(GlobalOptions global)
    {
        var command = new Command(
            "show",
            "Members (address, status, roles, reachability), the leader, and shards per node"
        );
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var answer = await client.SendAsync(ApiRoutes.ShowCluster, ct);
                        if (json)
                        {
                            Output.Json(answer);
                            return;
                        }
                        var regions = answer["shard_regions"]?.AsArray() ?? [];
                        var shardsByNode = regions
                            .SelectMany(r => r?["nodes"]?.AsArray() ?? [])
                            .GroupBy(n => Output.Text(n, "address"))
                            .ToDictionary(
                                g => g.Key,
                                g =>
                                    (
                                        Shards: g.Sum(n => n?["shards"]?.GetValue<int>() ?? 0),
                                        Entities: g.Sum(n => n?["entities"]?.GetValue<int>() ?? 0)
                                    )
                            );
                        var self = Output.Text(answer, "self_address");
                        Output.Table(
                            ["ADDRESS", "STATUS", "ROLES", "REACHABLE", "LEADER", "SHARDS", "ENTITIES"],
                            (answer["members"]?.AsArray() ?? []).Select(m =>
                            {
                                var address = Output.Text(m, "address");
                                var counts = shardsByNode.TryGetValue(address, out var c)
                                    ? c
                                    : (Shards: 0, Entities: 0);
                                return (IReadOnlyList<string>)
                                    [
                                        address + (address == self ? " (self)" : ""),
                                        Output.Text(m, "status"),
                                        string.Join(",", (m?["roles"]?.AsArray() ?? []).Select(r => r?.ToString())),
                                        m?["reachable"]?.GetValue<bool>() == false ? "no" : "yes",
                                        m?["leader"]?.GetValue<bool>() == true ? "*" : "",
                                        counts.Shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
                                        counts.Entities.ToString(System.Globalization.CultureInfo.InvariantCulture),
                                    ];
                            }),
                            "no members"
                        );
                        Console.WriteLine(
                            $"leader: {(Output.Text(answer, "leader") is { Length: > 0 } leader ? leader : "(none)")}"
                        );
                        Console.WriteLine($"discovery (configured): {Formation(Output.Text(answer, "discovery"))}");
                        PrintRegionProblems(regions);
                    }
                )
        );
        return command;
    }

    private static Command Change(
        GlobalOptions global,
        string action,
        ApiRoute route,
        string description,
        bool optional
    )
    {
        var address = new Argument<string?>("ADDR")
        {
            Description =
                "the node's address, e.g. akka.tcp://alertactors@10.0.0.5:4053 (from cluster show)"
                + (optional ? "; none = the node --server names" : ""),
            Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        };
        var command = new Command(action, description) { address };
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        // No address: an empty body, which the leave endpoint takes as "this node".
                        var body = parse.GetValue(address) is { Length: > 0 } given
                            ? new JsonObject { ["address"] = given }
                            : new JsonObject();
                        var answer = await client.SendAsync(route, ct, json: body.ToJsonString());
                        if (json)
                            Output.Json(answer);
                        else
                            Console.WriteLine($"{action} requested for {Output.Text(answer, "address")}");
                    }
                )
        );
        return command;
    }

    /// <summary>How the members found each other, from <c>discovery</c> in GET /api/v1/cluster.</summary>
    private static string Formation(string discovery) =>
        discovery switch
        {
            "kubernetes" => "cluster bootstrap (Akka.Management) over Kubernetes API discovery",
            "config" => "cluster bootstrap (Akka.Management) over configured endpoints",
            "seeds" => "seed nodes",
            _ => "(not reported by this node)",
        };

    private static void PrintRegionProblems(JsonArray regions)
    {
        foreach (var region in regions)
        {
            if (Output.Text(region, "error") is { Length: > 0 } error)
                Console.WriteLine($"{Output.Text(region, "type_name")}: {error}");
            if (region?["failed"] is JsonArray { Count: > 0 } failed)
                Console.WriteLine(
                    $"{Output.Text(region, "type_name")}: no answer from {string.Join(", ", failed.Select(f => f?.ToString()))}"
                );
        }
    }
}
