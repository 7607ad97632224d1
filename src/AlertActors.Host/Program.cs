using AlertActors.Host.Hosting;

await AlertActorsHost.RunAsync(args);
