using MovieSync.Host.Cli;

return await MovieSyncCommandLine.InvokeAsync(args);
