using System.Reflection;
using Akka.Actor;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Serialization;
using MovieSync.Messages;
using Xunit;

namespace MovieSync.Tests.Serialization;

/// <summary>
/// Every message between actors is a type of src/Messages (or of src/Actors when it carries an actor, as the account's
/// registration with the broker does), bound to the MovieSync serializer (never Akka's default JSON), and none can carry
/// a FileList download link or passkey. The actor specs also run with serialize-messages on.
/// </summary>
public sealed class ProtocolSpecs : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("protocol-spec", MovieSyncConfig.Serialization);

    public void Dispose() => _system.Dispose();

    private static IEnumerable<Type> MessageTypes(Type marker) => typeof(IProtocolMessage).Assembly.GetTypes()
        .Concat(typeof(MovieSync.Actors.FileList.FileListBroker).Assembly.GetTypes())
        .Where(t => marker.IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false });

    public static TheoryData<string> ProtocolTypes() => new(MessageTypes(typeof(IProtocolMessage)).Select(t => t.FullName!));

    [Theory]
    [MemberData(nameof(ProtocolTypes))]
    public void Every_protocol_message_goes_through_the_MovieSync_serializer_under_its_own_manifest(string typeName)
    {
        var sample = ProtocolSamples.All().FirstOrDefault(s => s.GetType().FullName == typeName);
        Assert.True(sample is not null, $"no sample of {typeName}: add one to ProtocolSamples");

        var serializer = _system.Serialization.FindSerializerFor(sample);
        Assert.IsType<MovieSyncSerializer>(serializer);
        Assert.StartsWith("msg-", MovieSyncSerializer.ManifestFor(sample));
    }

    [Fact]
    public void Persisted_types_are_bound_too_and_no_message_type_lacks_a_manifest()
    {
        var all = MessageTypes(typeof(IProtocolMessage)).Concat(MessageTypes(typeof(IPersistedMessage))).ToList();
        var known = MovieSyncSerializer.Manifests.Count();

        Assert.Equal(all.Count, known);
        Assert.IsType<MovieSyncSerializer>(_system.Serialization.FindSerializerFor(new MovieEvents.RetryRequested(MovieId.Parse("alien"), DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public void No_message_can_carry_a_download_link_or_a_passkey()
    {
        var suspicious = MessageTypes(typeof(IProtocolMessage)).Concat(MessageTypes(typeof(IPersistedMessage))).Append(typeof(FileListTorrent))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => (Type: t, Property: p)))
            .Where(x => x.Property.PropertyType == typeof(Uri)
                        || x.Property.Name.Contains("passkey", StringComparison.OrdinalIgnoreCase)
                        || x.Property.Name.Contains("link", StringComparison.OrdinalIgnoreCase))
            .Select(x => $"{x.Type.Name}.{x.Property.Name}");

        Assert.Empty(suspicious);
    }
}
