using Dashop.Web.Features.Admin;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Admin;

/// <summary>Accounts for the admin tests: an administrator made by the create-admin verb, a plain user, and signed-in browsers.</summary>
public static class AdminSession
{
    public static CommandConsole Console(string? password, StringWriter? output = null, StringWriter? error = null, string? environmentPassword = null) =>
        new(() => password, output ?? new StringWriter(), error ?? new StringWriter(),
            name => name == CreateAdminCommand.PasswordVariable ? environmentPassword : null);

    public static async Task<int> CreateAdminAsync(DashopFactory factory, IReadOnlyList<string> args, CommandConsole console)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CreateAdminCommand>().RunAsync(args, console);
    }

    public static async Task<string> NewAdminAsync(DashopFactory factory)
    {
        var username = TestData.Username("admin");
        var error = new StringWriter();
        var code = await CreateAdminAsync(factory, ["--username", username, "--phone", TestData.Phone(), "--email", $"{username}@example.com"],
            Console(TestData.Password, error: error));
        Assert.That(code, Is.EqualTo(CreateAdminCommand.Ok), error.ToString());
        return username;
    }

    public static async Task<string> NewUserAsync(DashopFactory factory) => (await NewUserWithPhoneAsync(factory)).Username;

    /// <summary>A new account with <see cref="TestData.Password"/>; its phone in the national form people type.</summary>
    public static async Task<(string Username, string Phone)> NewUserWithPhoneAsync(DashopFactory factory, string prefix = "user")
    {
        var username = TestData.Username(prefix);
        var phone = TestData.Phone();
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
        var result = await users.CreateAsync(new DashopUser
        {
            UserName = username,
            Email = $"{username}@example.com",
            PhoneNumber = "+86" + phone,
            CreatedAtUtc = DateTime.UtcNow,
        }, TestData.Password);
        Assert.That(result.Succeeded, Is.True, string.Join("; ", result.Errors.Select(e => e.Description)));
        return (username, phone);
    }

    /// <summary>A browser (cookies kept, redirects followed) signed in through the login form.</summary>
    public static async Task<HttpClient> SignInAsync(DashopFactory factory, string username)
    {
        var browser = factory.CreateClient();
        using var response = await browser.PostFormAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Login"] = username,
            ["Password"] = TestData.Password,
        });
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("signed-in-user"), $"{username} could not sign in");
        return browser;
    }
}
