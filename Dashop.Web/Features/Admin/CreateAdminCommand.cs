using Dashop.Web.Features.Registration;
using Dashop.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Admin;

/// <summary>
/// <c>create-admin --username NAME --phone PHONE --email EMAIL</c> creates a new administrator (who needs a phone and an
/// e-mail address like every user); <c>create-admin --username NAME --promote</c> makes an existing account one. An existing
/// name is never promoted without <c>--promote</c>: someone may have registered the name the README suggests. The password
/// comes from standard input or <c>DASHOP_ADMIN_PASSWORD</c>, never from the command line, where other users and the shell
/// history see it.
/// </summary>
public sealed partial class CreateAdminCommand(
    UserManager<DashopUser> users,
    RoleManager<IdentityRole> roles,
    AccountRules rules,
    AccountCreator accounts,
    ILogger<CreateAdminCommand> logger)
{
    public const string Verb = "create-admin";
    public const string PasswordVariable = "DASHOP_ADMIN_PASSWORD";

    public const int Ok = 0;
    public const int InvalidInput = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage: dotnet run --project Dashop.Web -- create-admin --username NAME --phone PHONE --email EMAIL
               dotnet run --project Dashop.Web -- create-admin --username NAME --promote

          The first form creates the administrator NAME; the password is read from standard input (one line)
          or from the environment variable DASHOP_ADMIN_PASSWORD. Passwords are never accepted on the command
          line. The operator vouches for the phone and the e-mail address: no SMS code, no activation link.
          The second form makes the existing account NAME an administrator (its password is unchanged).

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
        if (options.Promote)
        {
            return existing is null
                ? await FailAsync(console, $"There is no account '{username}' to promote. To create it, give --phone and --email instead of --promote.")
                : await PromoteAsync(existing, console);
        }
        if (existing is not null)
        {
            return await FailAsync(console, $"The account '{existing.UserName}' exists already and was not changed. "
                + "If it is yours, make it an administrator with --promote (and without --phone and --email).");
        }
        return await CreateAsync(username, options, console, cancellationToken);
    }

    private async Task<int> PromoteAsync(DashopUser user, CommandConsole console)
    {
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

        if (rules.Validate(new AccountInput(username, password, options.Phone, options.Email, Code: null, TermsAccepted: false), out var phone) is { } invalid)
            return await FailAsync(console, $"{AccountFields.Of(invalid.Field).CommandOption}: {invalid.Message}");
        if (await accounts.TakenAsync(username, phone, cancellationToken) is { Field: "phone" })
            return await FailAsync(console, $"--phone: {phone} already belongs to another account (promote that one with --username NAME --promote).");

        var created = await accounts.CreateAsync(
            new NewAccount(username, password, phone, options.Email) { EmailConfirmed = true, Role = AdminExtensions.RoleName }, cancellationToken);
        if (!created.Succeeded)
            return await FailAsync(console, $"{AccountFields.Of(created.Error!.Field).CommandOption}: {created.Error.Message}");

        LogCreated(logger, created.Value!.Id);
        await console.Out.WriteLineAsync($"Created the administrator '{username}'.");
        return Ok;
    }

    private sealed record Options(string? Username, string? Phone, string? Email, bool Promote, bool Help);

    private static Options? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        string? username = null, phone = null, email = null;
        var promote = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
                return new Options(null, null, null, Promote: false, Help: true);
            if (arg == "--promote")
            {
                promote = true;
                continue;
            }
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
        if (promote && (phone is not null || email is not null))
            return UsageFail(error, "--promote changes an existing account: --phone and --email do not go with it.");
        return new Options(username, phone, email, promote, Help: false);
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
