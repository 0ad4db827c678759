using Dashop.Web.Features.SignIn;
using System.Net;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Dashop.Web.Tests.PasswordReset;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.SignIn;

/// <summary>Spec §11: the "SMS code" form of /login: a login code signs in with the cookie, a wrong one names the field.</summary>
public sealed class SmsLoginPageTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.WithFakesAsync(Backend.Embedded);

    [Test]
    public async Task A_login_code_signs_in_with_the_cookie_and_a_wrong_one_is_refused_naming_the_code()
    {
        var (username, phone, _) = await _factory.CreateAccountAsync();
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var sent = await browser.PostFormAsync("/login?method=sms", "/sms/code", new Dictionary<string, string> { ["phone"] = phone, ["purpose"] = "login" });
        var code = await _ronglian.WaitForCodeAsync(phone);

        using var wrong = await browser.PostFormAsync("/login?method=sms", "/login/sms", new Dictionary<string, string>
        {
            ["Phone"] = phone, ["Code"] = code == "000000" ? "111111" : "000000",
        });
        var wrongPage = await wrong.Content.ReadAsStringAsync();
        using var right = await browser.PostFormAsync("/login?method=sms", "/login/sms", new Dictionary<string, string>
        {
            ["Phone"] = phone, ["Code"] = code, ["ReturnUrl"] = "/register",
        });
        using var home = await browser.GetAsync("/");
        var homePage = await home.Content.ReadAsStringAsync();

        await using var check = _factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<DashopDbContext>();
        var userId = (await db.Users.SingleAsync(u => u.UserName == username)).Id;
        var results = await db.Set<SignInRecord>().Where(s => s.UserId == userId && s.Method == SignInMethod.Sms).Select(s => s.Result).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(wrongPage, Does.Contain("验证码错误或已过期"), "the wrong code is named");
            Assert.That(wrongPage, Does.Contain("id=\"sms-login-form\""), "the SMS form is shown again");
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(right.Headers.Location?.OriginalString, Is.EqualTo("/register"));
            Assert.That(homePage, Does.Contain(username), "signed in with the cookie");
            Assert.That(results, Is.EquivalentTo(new[] { SignInOutcome.WrongCode, SignInOutcome.Succeeded }), "both attempts recorded");
        });
    }
}
