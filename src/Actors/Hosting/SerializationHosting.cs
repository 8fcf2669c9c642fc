using Akka.Hosting;

namespace MovieSync.Actors.Hosting;

public static class SerializationHosting
{
    /// <summary>Every persisted and every protocol message through the MovieSync serializer (hocon/serialization.hocon).</summary>
    public static AkkaConfigurationBuilder AddMovieSyncSerialization(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(MovieSyncConfig.Serialization, HoconAddMode.Prepend);
}
