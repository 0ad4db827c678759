using System.Net;
using Dashop.Web.Features.Admin;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Admin;

/// <summary>The create-admin verb: run in-process against the test host, and once as the real process.</summary>
public sealed class CreateAdminCommandTests
{
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _factory = await SharedHosts.DevelopmentAsync();

    private async Task<(int Code, string Output, string Error)> RunAsync(string? password, params string[] args) =>
        await RunAsync(password, null, args);

    private async Task<(int Code, string Output, string Error)> RunAsync(string? password, string? environmentPassword, string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await AdminSession.CreateAdminAsync(_factory, args, AdminSession.Console(password, output, error, environmentPassword));
        return (code, output.ToString(), error.ToString());
    }

    private async Task<T> WithUsersAsync<T>(Func<UserManager<DashopUser>, Task<T>> read)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>());
    }

    [Test]
    public async Task Creates_an_administrator_who_can_open_the_health_page()
    {
        var username = TestData.Username("admin");
        var phone = TestData.Phone();
        var (code, output, error) = await RunAsync(TestData.Password, "--username", username, "--phone", phone, "--email", $"{username}@example.com");

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("Created"));
        var (user, isAdmin) = await WithUsersAsync(async users =>
        {
            var u = await users.FindByNameAsync(username);
            return (u, u is not null && await users.IsInRoleAsync(u, "Admin"));
        });
        Assert.Multiple(() =>
        {
            Assert.That(isAdmin, Is.True);
            Assert.That(user!.PhoneNumber, Is.EqualTo("+86" + phone));
            Assert.That(user.Email, Is.EqualTo($"{username}@example.com"));
        });

        using var browser = await AdminSession.SignInAsync(_factory, username);
        using var page = await browser.GetAsync("/admin/health");
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Takes_the_password_from_DASHOP_ADMIN_PASSWORD()
    {
        var username = TestData.Username("envadmin");
        const string fromEnvironment = "environment password 7";
        var (code, _, error) = await RunAsync(password: null, fromEnvironment,
            ["--username", username, "--phone", TestData.Phone(), "--email", $"{username}@example.com"]);

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(await WithUsersAsync(async users => await users.CheckPasswordAsync((await users.FindByNameAsync(username))!, fromEnvironment)), Is.True);
    }

    [Test]
    public async Task Promotes_an_existing_account_and_leaves_its_password_alone()
    {
        var username = await AdminSession.NewUserAsync(_factory);

        var (code, output, error) = await RunAsync("some other password", "--username", username, "--promote");
        var (again, againOutput, _) = await RunAsync(null, "--username", username, "--promote");

        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("now an administrator"));
        Assert.That(again, Is.EqualTo(0));
        Assert.That(againOutput, Does.Contain("already an administrator"));
        var (isAdmin, passwordKept) = await WithUsersAsync(async users =>
        {
            var user = (await users.FindByNameAsync(username))!;
            return (await users.IsInRoleAsync(user, "Admin"), await users.CheckPasswordAsync(user, TestData.Password));
        });
        Assert.That((isAdmin, passwordKept), Is.EqualTo((true, true)));
    }

    [Test]
    public async Task Takeover_an_existing_name_is_never_promoted_without_promote()
    {
        // Someone registered the name the README suggests before the operator ran create-admin.
        var username = await AdminSession.NewUserAsync(_factory);

        var (plain, _, plainError) = await RunAsync("operator password 9", "--username", username);
        var (withFields, _, fieldsError) = await RunAsync("operator password 9",
            "--username", username, "--phone", TestData.Phone(), "--email", "ops@example.com");
        var (promoteWithFields, _, _) = await RunAsync(null, "--username", username, "--promote", "--phone", TestData.Phone());

        var isAdmin = await WithUsersAsync(async users => await users.IsInRoleAsync((await users.FindByNameAsync(username))!, "Admin"));
        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo(1));
            Assert.That(plainError, Does.Contain("--promote"));
            Assert.That(withFields, Is.EqualTo(1));
            Assert.That(fieldsError, Does.Contain("exists already"));
            Assert.That(promoteWithFields, Is.EqualTo(2));
            Assert.That(isAdmin, Is.False);
        });
    }

    [Test]
    public async Task Promote_of_a_name_nobody_has_creates_nothing()
    {
        var username = TestData.Username("nobody");
        var (code, _, error) = await RunAsync(null, "--username", username, "--promote");
        var exists = await WithUsersAsync(async users => await users.FindByNameAsync(username) is not null);
        Assert.That((code, exists), Is.EqualTo((1, false)), error);
    }

    [TestCase("--password", "hunter2-secret")]
    [TestCase("--password=hunter2-secret")]
    [TestCase("-p", "hunter2-secret")]
    public async Task Refuses_a_password_on_the_command_line(params string[] passwordArgs)
    {
        var (code, output, error) = await RunAsync(TestData.Password, ["--username", "someone", .. passwordArgs]);
        Assert.That(code, Is.EqualTo(CreateAdminCommand.UsageError));
        Assert.That(error, Does.Contain("never taken from the command line").And.Contain("DASHOP_ADMIN_PASSWORD"));
        Assert.That(output + error, Does.Not.Contain("hunter2-secret"));
    }

    [TestCase(new string[0], "--username is required")]
    [TestCase(new[] { "--username" }, "--username needs a value")]
    [TestCase(new[] { "--username", "x", "--role", "root" }, "Unknown argument '--role'")]
    public async Task Usage_errors_exit_2_with_the_usage(string[] args, string message)
    {
        var (code, _, error) = await RunAsync(TestData.Password, args);
        Assert.That(code, Is.EqualTo(CreateAdminCommand.UsageError));
        Assert.That(error, Does.Contain(message).And.Contain("Usage: dotnet run --project Dashop.Web -- create-admin"));
    }

    [TestCase("17723450000", null, "correct horse 42", "--email")]
    [TestCase(null, "new@example.com", "correct horse 42", "--phone")]
    [TestCase("12345", "new@example.com", "correct horse 42", "--phone: Phone number is not valid.")]
    [TestCase("17723450001", "not-an-email", "correct horse 42", "--email: E-mail address is not valid.")]
    [TestCase("17723450002", "new@example.com", "short", "password: Password must be 8 to 128 characters long.")]
    [TestCase("17723450003", "new@example.com", null, "No password")]
    public async Task Invalid_input_exits_1_naming_what_is_wrong(string? phone, string? email, string? password, string message)
    {
        var username = TestData.Username("bad");
        List<string> args = ["--username", username];
        if (phone is not null)
            args.AddRange(["--phone", phone]);
        if (email is not null)
            args.AddRange(["--email", email]);

        var (code, _, error) = await RunAsync(password, [.. args]);
        Assert.That(code, Is.EqualTo(CreateAdminCommand.InvalidInput));
        Assert.That(error, Does.Contain(message));
        Assert.That(await WithUsersAsync(users => users.FindByNameAsync(username)), Is.Null, "nothing is created");
    }

    [Test]
    public async Task A_phone_that_belongs_to_another_account_is_refused()
    {
        var existing = await AdminSession.NewUserAsync(_factory);
        var phone = await WithUsersAsync(async users => (await users.FindByNameAsync(existing))!.PhoneNumber!);

        var (code, _, error) = await RunAsync(TestData.Password, "--username", TestData.Username("dup"), "--phone", phone, "--email", "dup@example.com");
        Assert.That(code, Is.EqualTo(CreateAdminCommand.InvalidInput));
        Assert.That(error, Does.Contain("already belongs to another account"));
    }

    /// <summary>The verb as an operator runs it: the built app, the password on standard input, the exit code.</summary>
    [Test]
    public async Task The_app_runs_the_verb_and_exits_with_its_code()
    {
        var data = Directory.CreateTempSubdirectory("dashop-cli-").FullName;
        try
        {
            var username = TestData.Username("cli");
            var (ok, _, okError) = await RunAppAsync(data, TestData.Password,
                "create-admin", "--username", username, "--phone", TestData.Phone(), "--email", $"{username}@example.com");
            var (bad, _, badError) = await RunAppAsync(data, TestData.Password, "create-admin", "--username", TestData.Username("cli"), "--phone", "12345", "--email", "x@example.com");

            Assert.That(ok, Is.EqualTo(0), okError);
            Assert.That(bad, Is.EqualTo(1), badError);
            Assert.That(badError, Does.Contain("--phone"));

            // The account is in the app's own database, in the Admin role.
            var options = new DbContextOptionsBuilder<SqliteDashopDbContext>().UseSqlite($"Data Source={Path.Combine(data, "dashop.db")}").Options;
            await using var db = new SqliteDashopDbContext(options);
            var isAdmin = await (from user in db.Users
                                 join link in db.UserRoles on user.Id equals link.UserId
                                 join role in db.Roles on link.RoleId equals role.Id
                                 where user.UserName == username && role.Name == "Admin"
                                 select user).AnyAsync();
            Assert.That(isAdmin, Is.True);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static Task<(int Code, string Output, string Error)> RunAppAsync(string dataPath, string? stdin, params string[] args) =>
        AppProcess.RunAsync(dataPath, args, stdin, environment => environment.Remove(CreateAdminCommand.PasswordVariable), timeoutSeconds: 60);
}
