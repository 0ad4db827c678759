using System.Buffers.Binary;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Tests.Security;

/// <summary>
/// <c>Security:PasswordHashIterations</c>: production hashes with OWASP's 210,000 PBKDF2 iterations and refuses to start
/// with fewer; only Development (where the test hosts run with 1,000) may go lower, and never below 1,000.
/// </summary>
public sealed class PasswordHashIterationsTests
{
    private static Dictionary<string, string?> Iterations(int count) =>
        new() { ["Security:PasswordHashIterations"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>The iteration count stored in a new hash (Identity v3: 0x01, PRF, iterations, big-endian).</summary>
    private static uint StoredIterations(DashopFactory factory)
    {
        var hash = Convert.FromBase64String(factory.Services.GetRequiredService<IPasswordHasher<DashopUser>>().HashPassword(new DashopUser(), TestData.Password));
        Assert.That(hash[0], Is.EqualTo(1), "Identity's v3 format");
        return BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5));
    }

    [Test]
    public async Task Offline_cracking_production_hashes_new_passwords_with_210000_iterations_by_default()
    {
        Assert.That(new SecurityOptions().PasswordHashIterations, Is.EqualTo(210_000));
        await using var production = new DashopFactory(Backend.Embedded, await SharedHosts.RonglianAsync(), environment: "Production");
        Assert.That(StoredIterations(production), Is.EqualTo(210_000u));
    }

    [TestCase("Production")]
    [TestCase("Staging")]
    public async Task Offline_cracking_a_count_below_210000_stops_the_start_outside_Development(string environment)
    {
        await using var factory = new DashopFactory(Backend.Embedded, await SharedHosts.RonglianAsync(), Iterations(209_999), environment: environment);
        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.That(failure!.Message, Does.Contain("Security:PasswordHashIterations").And.Contain("210000"));
    }

    [Test]
    public async Task Development_hashes_with_a_lower_count_but_never_below_1000()
    {
        await using (var fast = new DashopFactory(Backend.Embedded, ronglian: null, Iterations(1_000)))
            Assert.That(StoredIterations(fast), Is.EqualTo(1_000u));

        await using var tooFew = new DashopFactory(Backend.Embedded, ronglian: null, Iterations(999));
        var failure = Assert.Throws<OptionsValidationException>(() => tooFew.CreateClient());
        Assert.That(failure!.Message, Does.Contain("Security:PasswordHashIterations must be at least 1000"));
    }
}
