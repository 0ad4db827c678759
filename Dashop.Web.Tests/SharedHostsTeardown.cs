using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests;

/// <summary>Disposes <see cref="SharedHosts"/> once every fixture of the assembly has run.</summary>
[SetUpFixture]
public sealed class SharedHostsTeardown
{
    [OneTimeTearDown]
    public Task DisposeSharedHostsAsync() => SharedHosts.DisposeAllAsync();
}
