using Microsoft.Extensions.DependencyInjection.Extensions;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Infrastructure.Security;

public static class IdentityExtensions
{
    /// <summary>Identity, configured once for every feature: users and roles in the database, the hasher, lockout, cookies.</summary>
    public static WebApplicationBuilder AddDashopIdentity(this WebApplicationBuilder builder)
    {
        if (!builder.Services.FirstTime("identity"))
            return builder;
        builder.AddDashopDatabase().AddDashopCaching().AddDashopSecrets();
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddValidatedOptions<SecurityOptions>(SecurityOptions.SectionName)
            .Validate(o => development || o.PasswordHashIterations >= SecurityOptions.DefaultPasswordHashIterations,
                $"Security:PasswordHashIterations must be at least {SecurityOptions.DefaultPasswordHashIterations} outside Development.");
        builder.Services.AddOptions<PasswordHasherOptions>().Configure<IOptions<SecurityOptions>>((o, security) =>
        {
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            o.IterationCount = security.Value.PasswordHashIterations;
        });

        // Before AddIdentity, which only adds its own normalizer when none is registered.
        builder.Services.AddSingleton<ILookupNormalizer, UsernameNormalizer>();
        // Before AddIdentity, whose own hasher registration then steps aside.
        builder.Services.AddSingleton<IPasswordHasher<DashopUser>, LegacyAwarePasswordHasher>();
        builder.Services
            .AddIdentity<DashopUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = ""; // our own rule (AccountRules) allows any letter, so Chinese names too
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.SignIn.RequireConfirmedEmail = false;
            })
            .AddEntityFrameworkStores<DashopDbContext>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders();

        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/access-denied";
            o.Cookie.Name = "dashop.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
        });
        // A changed stamp (a reset, "sign out everywhere", a deletion) ends the other sessions' cookies within a minute.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        builder.Services.ConfigureExternalCookie(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
        });
        builder.Services.AddSingleton<JwtTokenService>();
        AccountsOptions.AddTo(builder.Services);
        builder.Services.AddSingleton<PasswordHashBulkhead>();
        builder.Services.TryAddSingleton<KnownDevices>();
        return builder;
    }

    /// <summary>
    /// Checks a new account's password with Identity's validators and stores its hash on <paramref name="user"/>,
    /// as <c>CreateAsync(user, password)</c> would, so that the account can then be created with <c>CreateAsync(user)</c>.
    /// Call it before a database transaction, not inside one: the hash is 150-250 ms of CPU, and SQLite holds its one
    /// write lock for the whole transaction (concurrent registrations queued behind it for up to 20 s, their threads
    /// sleeping in Microsoft.Data.Sqlite's busy loop).
    /// </summary>
    /// When no hashing slot comes free in time the result fails with <see cref="PasswordHashBulkhead.BusyCode"/>.
    public static async Task<IdentityResult> HashNewPasswordAsync(this UserManager<DashopUser> users, DashopUser user, string password,
        PasswordHashBulkhead bulkhead, CancellationToken cancellationToken)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            if (!result.Succeeded)
                errors.AddRange(result.Errors);
        }
        if (errors.Count > 0)
            return IdentityResult.Failed([.. errors]);

        try
        {
            user.PasswordHash = await bulkhead.RunAsync(() => Task.FromResult(users.PasswordHasher.HashPassword(user, password)), cancellationToken);
        }
        catch (PasswordHashBusyException)
        {
            return IdentityResult.Failed(new IdentityError { Code = PasswordHashBulkhead.BusyCode, Description = PasswordMessages.Busy });
        }
        return IdentityResult.Success;
    }
}
