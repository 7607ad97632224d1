using AlertActors.Host.Hosting;

return await NodeCommandLine.RunAsync(args);
