namespace MovieSync.Messages; public static class Placeholder {}
