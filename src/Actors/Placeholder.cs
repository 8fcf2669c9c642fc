namespace MovieSync.Actors; public static class Placeholder {}
