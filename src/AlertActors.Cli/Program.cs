using System.CommandLine;
using AlertActors.Cli.Commands;

var global = new GlobalOptions();
var root = new RootCommand("alertctl: inspect and operate AlertActors") { global.Server, global.Token, global.Output };
root.Subcommands.Add(AlertCliCommands.Alerts(global));
root.Subcommands.Add(AlertCliCommands.Alert(global));
root.Subcommands.Add(GroupCliCommands.Groups(global));
root.Subcommands.Add(GroupCliCommands.Group(global));
root.Subcommands.Add(SilenceCliCommands.Silence(global));
root.Subcommands.Add(RuleCliCommands.Rules(global));
root.Subcommands.Add(DeliveryCliCommands.Deliveries(global));
root.Subcommands.Add(DeliveryCliCommands.OldDlq(global));
root.Subcommands.Add(KafkaCliCommands.Kafka(global));
root.Subcommands.Add(SendCommand.Create(global));
root.Subcommands.Add(ClusterCliCommands.Cluster(global));
root.Subcommands.Add(ClusterCliCommands.Shards(global));
root.Subcommands.Add(ConfigCliCommands.Config());
return await root.Parse(args).InvokeAsync();
