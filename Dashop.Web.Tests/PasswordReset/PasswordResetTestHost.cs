using System.Net;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Tests.PasswordReset;

/// <summary>Accounts made straight through Identity (no register code, so no SMS cooldown), and what a test checks on them.</summary>
public static class PasswordResetTestHost
{
    public const string NewPassword = "a fresh start 77";

    public sealed record TestAccount(string Username, string Phone, string Email);

    public static async Task<TestAccount> CreateAccountAsync(this DashopFactory factory, bool emailConfirmed = true, string? email = null)
    {
        var username = TestData.Username("pr");
        var phone = TestData.Phone();
        email ??= $"{username}@example.com";
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
        var e164 = scope.ServiceProvider.GetRequiredService<PhoneNumberParser>().ToE164(phone)!;
        var user = new DashopUser { UserName = username, PhoneNumber = e164, Email = email, EmailConfirmed = emailConfirmed, CreatedAtUtc = DateTime.UtcNow };
        var created = await users.CreateAsync(user, TestData.Password);
        Assert.That(created.Succeeded, Is.True, string.Join("; ", created.Errors.Select(e => e.Code)));
        return new TestAccount(username, phone, email);
    }

    public static async Task<DashopUser> UserAsync(this DashopFactory factory, string username)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == username);
    }

    /// <summary>Why the password does not sign in, or null when it does.</summary>
    public static async Task<Failure?> CheckPasswordAsync(this DashopFactory factory, string username, string password)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<LoginService>().CheckPasswordAsync(username, password, CancellationToken.None)).Failure;
    }

    /// <summary>A browser signed in through /login.</summary>
    public static async Task<HttpClient> SignedInAsync(this DashopFactory factory, TestAccount account)
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await browser.PostFormAsync("/login", "/login", new Dictionary<string, string>
        {
            ["Login"] = account.Username, ["Password"] = TestData.Password,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        Assert.That(await IsSignedInAsync(browser), Is.True);
        return browser;
    }

    /// <summary>A page that needs a session: 200 while signed in, a redirect to /login otherwise.</summary>
    public static async Task<bool> IsSignedInAsync(HttpClient browser)
    {
        using var response = await browser.GetAsync("/activate/resend");
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Asks for a reset code through the page's send-code endpoint, as the button does.</summary>
    public static async Task<HttpResponseMessage> AskResetCodeAsync(HttpClient browser, string phone) =>
        await browser.PostFormAsync("/password/forgot", "/sms/code", new Dictionary<string, string> { ["phone"] = phone, ["purpose"] = "reset" });

    public static async Task<HttpResponseMessage> ResetBySmsAsync(HttpClient browser, string phone, string code, string password) =>
        await browser.PostFormAsync("/password/forgot", "/password/forgot/sms", new Dictionary<string, string>
        {
            ["Phone"] = phone, ["Code"] = code, ["Password"] = password,
        });

    public static async Task<HttpResponseMessage> AskResetLinkAsync(HttpClient browser, string email) =>
        await browser.PostFormAsync("/password/forgot", "/password/forgot/email", new Dictionary<string, string> { ["Email"] = email });

    /// <summary>Asks for a link on the page and returns the path and query of the one the fake SMTP server received.</summary>
    public static async Task<string> ResetLinkAsync(DashopFactory factory, FakeSmtpServer smtp, HttpClient browser, string email, int count = 1)
    {
        using var asked = await AskResetLinkAsync(browser, email);
        Assert.That(await asked.Content.ReadAsStringAsync(), Does.Contain("reset-email-sent"));
        await smtp.WaitForAsync(email, count);
        var message = smtp.To(email).Last(m => m.Subject == "重置您的 Dashop 密码");
        var link = System.Text.RegularExpressions.Regex.Match(message.TextBody ?? "", @"http://localhost/password/reset\?\S+").Value;
        Assert.That(link, Is.Not.Empty, message.TextBody);
        Assert.That(message.HtmlBody, Does.Contain(WebUtility.HtmlEncode(link)));
        return new Uri(link).PathAndQuery;
    }
}
