using AlertActors.Host.Startup;

return await NodeCommandLine.RunAsync(args);
