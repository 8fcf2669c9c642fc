namespace MovieSync.Clients; internal static class ClientsAssembly { }
