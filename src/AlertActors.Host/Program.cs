using AlertActors.Host.Hosting;

await AlertActorsHost.Create(args).RunNodeAsync();
