using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.Admin;

/// <summary>
/// <c>create-admin --username NAME [--phone PHONE --email EMAIL]</c>: promotes an existing account to the Admin role,
/// or creates a new administrator (who needs a phone and an e-mail address like every user). The password comes from
/// standard input or <c>DASHOP_ADMIN_PASSWORD</c>, never from the command line, where other users and the shell history see it.
/// </summary>
public sealed partial class CreateAdminCommand(
    UserManager<DashopUser> users,
    RoleManager<IdentityRole> roles,
    AccountRules rules,
    DashopDbContext db,
    TimeProvider time,
    ILogger<CreateAdminCommand> logger)
{
    public const string Verb = "create-admin";
    public const string PasswordVariable = "DASHOP_ADMIN_PASSWORD";

    public const int Ok = 0;
    public const int InvalidInput = 1;
    public const int UsageError = 2;

    /// <summary>The operator vouches for the phone, so no SMS code proves it; this satisfies the code rule of <see cref="AccountRules"/>.</summary>
    private const string NoSmsCode = "0";

    public const string Usage = """
        Usage: dotnet run --project Dashop.Web -- create-admin --username NAME [--phone PHONE --email EMAIL]

          Makes NAME an administrator. If no account is called NAME, creates one: then --phone and --email
          are required and the password is read from standard input (one line) or from the environment
          variable DASHOP_ADMIN_PASSWORD. Passwords are never accepted on the command line.

          Exit codes: 0 done, 1 invalid input (the message says which), 2 usage error.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandConsole console, CancellationToken cancellationToken = default)
    {
        if (Parse(args, console.Error) is not { } options)
            return UsageError;
        if (options.Help)
        {
            await console.Out.WriteLineAsync(Usage);
            return Ok;
        }

        var username = options.Username!.Trim();
        if (!await roles.RoleExistsAsync(AdminExtensions.RoleName))
            Check(await roles.CreateAsync(new IdentityRole(AdminExtensions.RoleName)));

        var existing = await users.FindByNameAsync(username);
        return existing is null
            ? await CreateAsync(username, options, console, cancellationToken)
            : await PromoteAsync(existing, options, console);
    }

    private async Task<int> PromoteAsync(DashopUser user, Options options, CommandConsole console)
    {
        if (options.Phone is not null || options.Email is not null)
            await console.Out.WriteLineAsync($"The account '{user.UserName}' exists: --phone and --email are ignored, its password is unchanged.");
        if (await users.IsInRoleAsync(user, AdminExtensions.RoleName))
        {
            await console.Out.WriteLineAsync($"'{user.UserName}' is already an administrator.");
            return Ok;
        }
        Check(await users.AddToRoleAsync(user, AdminExtensions.RoleName));
        LogPromoted(logger, user.Id);
        await console.Out.WriteLineAsync($"'{user.UserName}' is now an administrator (sign in again to use /admin/health).");
        return Ok;
    }

    private async Task<int> CreateAsync(string username, Options options, CommandConsole console, CancellationToken cancellationToken)
    {
        if (options.Phone is null || options.Email is null)
            return await FailAsync(console, $"There is no account '{username}'. To create it, give --phone and --email too (every user has a unique phone number).");

        var password = console.Environment(PasswordVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : console.ReadPassword();
        password = password?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password))
            return await FailAsync(console, $"No password: write it on standard input, or set {PasswordVariable}.");

        if (rules.Validate(new AccountInput(username, password, options.Phone, options.Email, NoSmsCode), out var phone) is { } invalid)
            return await FailAsync(console, $"{OptionFor(invalid.Field)}: {invalid.Message}");
        if (await users.Users.AnyAsync(u => u.PhoneNumber == phone, cancellationToken))
            return await FailAsync(console, $"--phone: {phone} already belongs to another account (promote that one with --username).");

        var user = new DashopUser
        {
            UserName = username,
            Email = options.Email.Trim(),
            EmailConfirmed = true,
            PhoneNumber = phone,
            PhoneNumberConfirmed = true,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        var hashed = await users.HashNewPasswordAsync(user, password);
        if (!hashed.Succeeded)
            return await FailAsync(console, string.Join(" ", hashed.Errors.Select(e => e.Description)));
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            IdentityResult result;
            try
            {
                result = await users.CreateAsync(user);
                if (result.Succeeded)
                    result = await users.AddToRoleAsync(user, AdminExtensions.RoleName);
            }
            catch (DbUpdateException)
            {
                return await FailAsync(console, "The username or phone number was taken at the same moment; run the command again.");
            }
            if (!result.Succeeded)
                return await FailAsync(console, string.Join(" ", result.Errors.Select(e => e.Description)));
            await transaction.CommitAsync(cancellationToken);
        }

        LogCreated(logger, user.Id);
        await console.Out.WriteLineAsync($"Created the administrator '{username}'.");
        return Ok;
    }

    private sealed record Options(string? Username, string? Phone, string? Email, bool Help);

    private static Options? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        string? username = null, phone = null, email = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
                return new Options(null, null, null, Help: true);
            if (arg.StartsWith("--password", StringComparison.Ordinal) || arg == "-p")
                return UsageFail(error, $"Passwords are never taken from the command line: write it on standard input or set {PasswordVariable}.");

            var (name, value) = arg.Split('=', 2) is [var n, var v] ? (n, (string?)v) : (arg, null);
            if (name is not ("--username" or "--phone" or "--email"))
                return UsageFail(error, $"Unknown argument '{arg}'.");
            if (value is null)
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    return UsageFail(error, $"{name} needs a value.");
                value = args[++i];
            }
            switch (name)
            {
                case "--username": username = value; break;
                case "--phone": phone = value; break;
                default: email = value; break;
            }
        }
        if (string.IsNullOrWhiteSpace(username))
            return UsageFail(error, "--username is required.");
        return new Options(username, phone, email, Help: false);
    }

    private static Options? UsageFail(TextWriter error, string message)
    {
        error.WriteLine($"create-admin: {message}");
        error.WriteLine(Usage);
        return null;
    }

    private static async Task<int> FailAsync(CommandConsole console, string message)
    {
        await console.Error.WriteLineAsync($"create-admin: {message}");
        return InvalidInput;
    }

    private static string OptionFor(string field) => field switch
    {
        "username" => "--username",
        "phone" => "--phone",
        "email" => "--email",
        _ => field,
    };

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Administrator {UserId} created by create-admin")]
    private static partial void LogCreated(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} promoted to administrator by create-admin")]
    private static partial void LogPromoted(ILogger logger, string userId);
}
