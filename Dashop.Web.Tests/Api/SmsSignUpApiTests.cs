using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Api;

/// <summary>
/// Spec §15, issue 24 points 1 and 7, for the dadashop front end: <c>POST /v1/tokens/sms</c> with a right login code for
/// a phone with no account answers 10124 (the code stays valid for the retry), and with <c>"terms_accepted": true</c>
/// creates the account and answers like a sign-in. Bad input gets a code naming it and creates nothing. On the embedded
/// defaults and on Redis + RabbitMQ.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Postgres, Category = TestCategories.Servers)]
[TestFixture(Backend.Cluster, Category = TestCategories.Servers)]
public sealed class SmsSignUpApiTests(Backend backend)
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;
    private HttpClient _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _factory = new DashopFactory(backend, _ronglian);
        _api = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    /// <summary>A login code sent to a fresh phone that no account has (national number).</summary>
    private async Task<(string Phone, string Code)> LoginCodeToNewPhoneAsync(string purpose = "login")
    {
        var phone = TestData.Phone();
        var (_, sent) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone, purpose });
        Assert.That(sent.Code(), Is.EqualTo(200), sent.ToString());
        return (phone, await _ronglian.WaitForCodeAsync(phone));
    }

    private async Task<int> AccountsWithPhoneAsync(string phone)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users.CountAsync(u => u.PhoneNumber == "+86" + phone);
    }

    [Test]
    public async Task A_right_code_for_a_new_phone_answers_10124_and_the_retry_with_terms_accepted_creates_the_account_and_signs_in()
    {
        var (phone, code) = await LoginCodeToNewPhoneAsync();

        var (_, noAccount) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code, carts = "{\"3\":{}}" });
        Assert.That(noAccount.Code(), Is.EqualTo(10124), noAccount.ToString());
        Assert.That(noAccount.ErrorMessage(), Is.Not.Empty);
        Assert.That(await AccountsWithPhoneAsync(phone), Is.Zero, "nothing is created without the terms");

        var (_, refusedTerms) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code, terms_accepted = false });
        Assert.That(refusedTerms.Code(), Is.EqualTo(10124), "false is no consent either");

        var (_, created) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code, terms_accepted = true, carts = "{\"3\":{},\"4\":{}}" });
        Assert.That(created.Code(), Is.EqualTo(200), created.ToString());
        var username = created.GetProperty("username").GetString()!;
        var token = created.GetProperty("data").GetProperty("token").GetString()!;
        using var status = new HttpRequestMessage(HttpMethod.Get, "/v1/tokens/status");
        status.Headers.TryAddWithoutValidation("Authorization", token);
        using var statusResponse = await _api.SendAsync(status);
        var statusBody = await HttpExtensions.ReadJsonAsync(statusResponse);

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.PhoneNumber == "+86" + phone);
        var signIns = await db.Set<SignInRecord>().Where(s => s.UserId == user.Id).Select(s => s.Result).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(username, Does.Match("^user_[a-z0-9]{8}$"));
            Assert.That(created.GetProperty("carts_count").GetInt32(), Is.EqualTo(2), "answers like registration");
            Assert.That(created.GetProperty("data").GetProperty("device").GetString(), Is.Not.Empty, "and like a sign-in");
            Assert.That(statusBody.Code(), Is.EqualTo(200));
            Assert.That(statusBody.GetProperty("username").GetString(), Is.EqualTo(username));
            Assert.That(user.UserName, Is.EqualTo(username));
            Assert.That(user.PasswordHash, Is.Null);
            Assert.That(user.Email, Is.Null);
            Assert.That(user.TermsVersion, Is.Not.Null.And.Not.Empty);
            Assert.That(signIns, Is.EqualTo(new[] { SignInOutcome.Succeeded }));
        });

        // The code is used up: it makes no second account and signs nobody in again.
        var (_, reused) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code, terms_accepted = true });
        Assert.That(reused.Code(), Is.EqualTo(10112));
        Assert.That(await AccountsWithPhoneAsync(phone), Is.EqualTo(1));
    }

    [TestCase("\"yes\"")]
    [TestCase("1")]
    [TestCase("{}")]
    [TestCase("[true]")]
    [TestCase("\"true\"")]
    public async Task Terms_accepted_of_the_wrong_type_is_HTTP_400_naming_the_field_and_creates_nothing(string value)
    {
        var (phone, code) = await LoginCodeToNewPhoneAsync();

        var (status, body) = await _api.PostRawAsync("/v1/tokens/sms", $"{{\"phone\":\"{phone}\",\"verify\":\"{code}\",\"terms_accepted\":{value}}}");
        Assert.That((status, body.Code()), Is.EqualTo((400, 400)), "consent is never guessed from a value that is not a JSON boolean: " + body);
        Assert.That(body.ErrorMessage(), Is.EqualTo("terms_accepted: must be true or false (a JSON boolean)."));
        Assert.That(await AccountsWithPhoneAsync(phone), Is.Zero);

        // Nothing was checked: the code still works for the right request.
        var (_, created) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code, terms_accepted = true });
        Assert.That(created.Code(), Is.EqualTo(200), created.ToString());
    }

    [TestCase("01012345678")]
    [TestCase("+8601012345678")]
    [TestCase("12345")]
    [TestCase("not a phone")]
    public async Task A_code_for_a_number_that_is_not_a_valid_mobile_is_10115_and_creates_nothing(string phone)
    {
        var (_, sent) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone, purpose = "login" });
        var (_, signUp) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = "123456", terms_accepted = true });
        Assert.Multiple(() =>
        {
            Assert.That(sent.Code(), Is.EqualTo(10115), "no code goes to it");
            Assert.That(signUp.Code(), Is.EqualTo(10115), signUp.ToString());
        });
        await using var scope = _factory.Services.CreateAsyncScope();
        Assert.That(await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users
            .CountAsync(u => u.PhoneNumber != null && u.PhoneNumber.EndsWith("1012345678")), Is.Zero);
    }

    [Test]
    public async Task A_register_code_signs_up_nobody_through_the_login_call()
    {
        var (phone, code) = await LoginCodeToNewPhoneAsync(purpose: "register");
        var (_, body) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code, terms_accepted = true });
        Assert.That(body.Code(), Is.EqualTo(10112));
        Assert.That(await AccountsWithPhoneAsync(phone), Is.Zero);
    }

    [Test]
    public async Task A_wrong_code_with_terms_accepted_creates_nothing()
    {
        var (phone, code) = await LoginCodeToNewPhoneAsync();
        var (_, body) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code == "000000" ? "111111" : "000000", terms_accepted = true });
        Assert.That(body.Code(), Is.EqualTo(10112));
        Assert.That(await AccountsWithPhoneAsync(phone), Is.Zero);
    }
}
