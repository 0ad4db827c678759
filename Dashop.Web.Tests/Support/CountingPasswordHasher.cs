using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Support;

/// <summary>Counts the password comparisons of the app's own hasher (which it wraps), so tests can see what was compared.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher<DashopUser> inner) : IPasswordHasher<DashopUser>
{
    private int _comparisons;
    private int _realComparisons;

    public int Comparisons => Volatile.Read(ref _comparisons);

    /// <summary>Comparisons with an account's own hash (the dummy hash of a name nobody has belongs to no username).</summary>
    public int RealComparisons => Volatile.Read(ref _realComparisons);

    public string HashPassword(DashopUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(DashopUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _comparisons);
        if (user.UserName is not null)
            Interlocked.Increment(ref _realComparisons);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }

    /// <summary>Wraps the registered hasher; the test reads the instance back from the container.</summary>
    public static void Install(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IPasswordHasher<DashopUser>));
        services.Remove(registered);
        services.AddSingleton<IPasswordHasher<DashopUser>>(sp =>
            new CountingPasswordHasher((IPasswordHasher<DashopUser>)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
    }

    public static CountingPasswordHasher Of(IServiceProvider services) =>
        (CountingPasswordHasher)services.GetRequiredService<IPasswordHasher<DashopUser>>();
}
