using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace MovieSync.Specs;

/// <summary>Marks a spec class whose journal is PostgreSQL: its <see cref="JournalFactAttribute"/> facts need the server.</summary>
public interface IPostgreSqlSpec;

/// <summary>
/// A fact about the journal, written once (in an abstract spec class) and run on each journal a derived class names.
/// In a class marked <see cref="IPostgreSqlSpec"/> it is skipped when no PostgreSQL server is given outside CI
/// (<see cref="TestPostgres.SkipReason"/>); with CI=true it runs, and fails without one.
/// </summary>
[XunitTestCaseDiscoverer("MovieSync.Specs.JournalFactDiscoverer", TestAssembly.Name)]
[AttributeUsage(AttributeTargets.Method)]
public sealed class JournalFactAttribute : FactAttribute;

/// <summary>Finds <see cref="JournalFactAttribute"/> facts, skipped ones with their reason.</summary>
public sealed class JournalFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod,
        IAttributeInfo factAttribute)
    {
        var onPostgreSql = typeof(IPostgreSqlSpec).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType());
        if (onPostgreSql && TestPostgres.SkipReason is { } reason)
        {
            return
            [
                new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                    discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason),
            ];
        }

        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
