using System.CommandLine;
using AlertActors.Cli.Commands;

var global = new GlobalOptions();
var root = new RootCommand("alertctl: inspect and operate AlertActors") { global.Server, global.Token, global.Output };
root.Subcommands.Add(AlertCommands.Alerts(global));
root.Subcommands.Add(AlertCommands.Alert(global));
root.Subcommands.Add(SilenceCommands.Silence(global));
root.Subcommands.Add(DeliveryCommands.Deliveries(global));
root.Subcommands.Add(DeliveryCommands.OldDlq(global));
root.Subcommands.Add(KafkaCommands.Kafka(global));
root.Subcommands.Add(SendCommand.Create(global));
root.Subcommands.Add(ClusterCommands.Cluster(global));
root.Subcommands.Add(ClusterCommands.Shards(global));
root.Subcommands.Add(ConfigCommands.Config());
return await root.Parse(args).InvokeAsync();
