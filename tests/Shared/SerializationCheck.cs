using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace MovieSync.Specs;

/// <summary>
/// Actor specs run with <c>serialize-messages = on</c>: every message an actor is told is serialized and read back as if
/// it crossed to another node. MovieSync's own messages go through the MovieSync serializer (hocon/serialization.hocon);
/// everything else falls to <see cref="ForeignMessagesByReference"/>, which fails any MovieSync type that is not bound
/// (a message that could not cross a node) and passes Akka's internal messages through by reference (the journal's
/// own stages talk to each other with messages that are never meant to leave the process).
/// </summary>
public static class SerializationCheck
{
    public static Config Config => ConfigurationFactory.ParseString($$"""
        akka.actor {
          serialize-messages = on
          serializers.foreign-by-reference = "{{typeof(ForeignMessagesByReference).AssemblyQualifiedName}}"
          serialization-bindings { "System.Object" = foreign-by-reference }
        }
        """);
}

/// <summary>See <see cref="SerializationCheck"/>. Test-only: it keeps objects in memory and hands out a key.</summary>
public sealed class ForeignMessagesByReference(ExtendedActorSystem system) : Serializer(system)
{
    private static readonly ConcurrentDictionary<long, object> Kept = new();
    private static long _next;

    public override int Identifier => 4199;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        if (obj.GetType().Namespace?.StartsWith("MovieSync", StringComparison.Ordinal) == true)
            throw new InvalidOperationException(
                $"{obj.GetType()} is sent between actors but is not bound to the MovieSync serializer: make it an IProtocolMessage " +
                "(or INoSerializationVerificationNeeded if it never leaves its actor)");
        var key = Interlocked.Increment(ref _next);
        Kept[key] = obj;
        return BitConverter.GetBytes(key);
    }

    public override object FromBinary(byte[] bytes, Type type) =>
        Kept.TryRemove(BitConverter.ToInt64(bytes), out var obj) ? obj : throw new InvalidOperationException("unknown key");
}
