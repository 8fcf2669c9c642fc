namespace MovieSync.Simulators; internal static class SimulatorsAssembly { }
