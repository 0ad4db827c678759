using Dashop.Web.Features.SignIn;
using System.Text.Json;
using Dashop.Contracts;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Api;

/// <summary>
/// Spec §11: the dadashop front end's login through /v1/tokens (password) and /v1/tokens/sms (login code), and
/// /v1/tokens/status, which answers 10122 once the account's SecurityStamp changed.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Cluster, Category = TestCategories.Servers)]
public sealed class TokensApiTests(Backend backend)
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;
    private HttpClient _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await SharedHosts.RonglianAsync();
        _factory = new DashopFactory(backend, _ronglian, services: CountingPasswordHasher.Install);
        _api = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
    }

    /// <summary>An account with a fresh phone (national number returned), made directly: no code is spent, no cooldown held.</summary>
    private async Task<(string Username, string Phone)> NewAccountAsync()
    {
        var username = TestData.Username("tok");
        var phone = TestData.Phone();
        await using var scope = _factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
        var result = await users.CreateAsync(new DashopUser
        {
            UserName = username, Email = $"{username}@example.com", PhoneNumber = "+86" + phone, CreatedAtUtc = DateTime.UtcNow,
        }, TestData.Password);
        Assert.That(result.Succeeded, Is.True);
        return (username, phone);
    }

    private async Task<(int Code, string? Username)> StatusAsync(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/tokens/status");
        if (authorization is not null)
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _api.SendAsync(request);
        var body = await HttpExtensions.ReadJsonAsync(response);
        return (body.Code(), body.TryGetProperty("username", out var u) ? u.GetString() : null);
    }

    private async Task<string> LoginCodeAsync(string phone, string purpose = "login")
    {
        var (_, body) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone, purpose });
        Assert.That(body.Code(), Is.EqualTo(200), body.ToString());
        return await _ronglian.WaitForCodeAsync(phone);
    }

    private static string Token(JsonElement body) => body.GetProperty("data").GetProperty("token").GetString()!;

    [Test]
    public async Task A_password_token_by_username_or_phone_counts_carts_and_its_status_names_the_user()
    {
        var (username, phone) = await NewAccountAsync();

        var (_, byName) = await _api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password, carts = "{\"1\":{\"count\":2},\"7\":{\"count\":1}}" });
        var (_, byPhone) = await _api.PostJsonAsync("/v1/tokens", new { username = phone, password = TestData.Password, carts = (string?)null });
        Assert.Multiple(async () =>
        {
            Assert.That(byName.Code(), Is.EqualTo(200), byName.ToString());
            Assert.That(byName.GetProperty("username").GetString(), Is.EqualTo(username));
            Assert.That(byName.GetProperty("carts_count").GetInt32(), Is.EqualTo(2));
            Assert.That(byPhone.Code(), Is.EqualTo(200), byPhone.ToString());
            Assert.That(byPhone.GetProperty("carts_count").GetInt32(), Is.Zero);
            Assert.That(await StatusAsync(Token(byName)), Is.EqualTo((200, username)), "the token as the whole header, as the front end sends it");
            Assert.That(await StatusAsync("Bearer " + Token(byPhone)), Is.EqualTo((200, username)));
        });
    }

    [Test]
    public async Task A_wrong_password_and_an_unknown_name_get_the_same_10120()
    {
        var (username, _) = await NewAccountAsync();
        var (_, wrong) = await _api.PostJsonAsync("/v1/tokens", new { username, password = "not the password" });
        var (_, nobody) = await _api.PostJsonAsync("/v1/tokens", new { username = TestData.Username("nobody"), password = "not the password" });
        var (_, missing) = await _api.PostJsonAsync("/v1/tokens", new { username });
        Assert.Multiple(() =>
        {
            Assert.That(wrong.Code(), Is.EqualTo(10120));
            Assert.That(nobody.Code(), Is.EqualTo(10120));
            Assert.That(nobody.ErrorMessage(), Is.EqualTo(wrong.ErrorMessage()), "never says which");
            Assert.That(missing.Code(), Is.EqualTo(10118));
            Assert.That(missing.ErrorMessage(), Does.Contain("password"));
        });
    }

    [Test]
    public async Task Status_is_10122_once_the_security_stamp_changes_and_for_anything_not_a_token()
    {
        var (username, _) = await NewAccountAsync();
        var (_, body) = await _api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password });
        var token = Token(body);
        Assert.That(await StatusAsync(token), Is.EqualTo((200, username)));

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>();
            var user = await users.FindByNameAsync(username);
            await users.UpdateSecurityStampAsync(user!);
        }

        var (_, again) = await _api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password });
        Assert.Multiple(async () =>
        {
            Assert.That((await StatusAsync(token)).Code, Is.EqualTo(10122), "a token issued before the stamp changed");
            Assert.That(await StatusAsync(Token(again)), Is.EqualTo((200, username)), "a token issued after");
            Assert.That((await StatusAsync(null)).Code, Is.EqualTo(10122));
            Assert.That((await StatusAsync("Bearer not.a.token")).Code, Is.EqualTo(10122));
            Assert.That((await StatusAsync(token[..^2] + (token[^2..] == "AA" ? "BB" : "AA"))).Code, Is.EqualTo(10122), "a changed signature");
            Assert.That(token, Does.Not.Contain(await StampAsync(username)), "the stamp itself is never in the token");
        });
    }

    private async Task<string> StampAsync(string username)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>().FindByNameAsync(username))!.SecurityStamp!;
    }

    [Test]
    public async Task Parallel_guessing_through_v1_tokens_gets_at_most_five_comparisons()
    {
        var (username, _) = await NewAccountAsync();
        var hasher = CountingPasswordHasher.Of(_factory.Services);
        var before = hasher.Comparisons;

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var client = _factory.CreateClient();
            var (_, body) = await client.PostJsonAsync("/v1/tokens", new { username, password = $"wrong guess {i}" });
            return body.Code();
        }));
        var afterGuesses = hasher.Comparisons;
        var (_, right) = await _api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password });

        Assert.Multiple(() =>
        {
            Assert.That(afterGuesses - before, Is.LessThanOrEqualTo(5), "password comparisons for 40 parallel guesses");
            Assert.That(answers, Has.None.EqualTo(200));
            Assert.That(answers, Has.Some.EqualTo(10121), "the lockout answers 10121");
            Assert.That(right.Code(), Is.EqualTo(10121), "the right password is refused while locked");
        });
    }

    [Test]
    public async Task A_login_code_signs_in_a_locked_account_clears_the_lockout_and_is_used_up()
    {
        var (username, phone) = await NewAccountAsync();
        for (var i = 0; i < 5; i++)
            await _api.PostJsonAsync("/v1/tokens", new { username, password = "wrong password" });
        var (_, locked) = await _api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password });
        Assert.That(locked.Code(), Is.EqualTo(10121));

        var code = await LoginCodeAsync(phone);
        var (_, wrong) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code == "000000" ? "111111" : "000000" });
        var (_, bySms) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code, carts = "[1,2,3]" });
        var (_, reused) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code });
        var (_, password) = await _api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password });

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var userId = (await db.Users.SingleAsync(u => u.UserName == username)).Id;
        var smsSignIns = await db.Set<SignInRecord>().Where(s => s.UserId == userId && s.Method == SignInMethod.Sms).Select(s => s.Result).ToListAsync();
        var passwordSignIns = await db.Set<SignInRecord>().Where(s => s.UserId == userId && s.Method == SignInMethod.Password).Select(s => s.Result).ToListAsync();
        // As on /login, a refused password names no account in its record.
        var lockedOut = await db.Set<SignInRecord>().CountAsync(s => s.Method == SignInMethod.Password && s.Result == SignInOutcome.LockedOut);
        Assert.Multiple(async () =>
        {
            Assert.That(wrong.Code(), Is.EqualTo(10112));
            Assert.That(bySms.Code(), Is.EqualTo(200), bySms.ToString());
            Assert.That(bySms.GetProperty("username").GetString(), Is.EqualTo(username));
            Assert.That(bySms.GetProperty("carts_count").GetInt32(), Is.EqualTo(3));
            Assert.That(await StatusAsync(Token(bySms)), Is.EqualTo((200, username)));
            Assert.That(reused.Code(), Is.EqualTo(10112), "the code is used up");
            Assert.That(password.Code(), Is.EqualTo(200), "the lockout is cleared");
            Assert.That(smsSignIns, Is.SupersetOf(new[] { SignInOutcome.Succeeded, SignInOutcome.WrongCode }));
            Assert.That(passwordSignIns, Does.Contain(SignInOutcome.Succeeded), "/v1 password sign-ins are recorded");
            Assert.That(lockedOut, Is.Positive, "and refused ones too");
        });
    }

    [Test]
    public async Task A_register_code_is_refused_for_login()
    {
        var (_, phone) = await NewAccountAsync();
        var (_, sent) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200));
        var code = await _ronglian.WaitForCodeAsync(phone);

        var (_, body) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code });
        Assert.That(body.Code(), Is.EqualTo(10112));
    }

    // A login code for a phone with no account signs up (Accounts:SmsSignUp, on by default): SmsSignUpApiTests.
    [TestCase("reset")]
    public async Task A_login_or_reset_code_for_an_unknown_phone_answers_like_a_known_one_and_reaches_no_provider(string purpose)
    {
        var stranger = TestData.Phone();
        var (_, member) = await NewAccountAsync();

        var (_, toStranger) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone = stranger, purpose });
        var (_, toMember) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone = member, purpose });
        await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone == "+86" + stranger);
        await _ronglian.WaitForCodeAsync(member);
        var (_, guess) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone = stranger, verify = "123456" });

        Assert.Multiple(() =>
        {
            Assert.That(toStranger.ToString(), Is.EqualTo(toMember.ToString()), "the same answer");
            Assert.That(_ronglian.To(stranger), Is.Empty, "no SMS to a phone without an account");
            Assert.That(guess.Code(), Is.EqualTo(10112));
        });
    }

    [Test]
    public async Task The_send_code_button_may_ask_for_login_but_not_for_change_phone_when_signed_out()
    {
        using var page = _factory.CreateClient();
        var (_, phone) = await NewAccountAsync();
        using var login = await page.PostFormAsync("/login?method=sms", "/sms/code", new Dictionary<string, string> { ["phone"] = phone, ["purpose"] = "login" });
        using var changePhone = await page.PostFormAsync("/login?method=sms", "/sms/code", new Dictionary<string, string> { ["phone"] = TestData.Phone(), ["purpose"] = "change_phone" });
        using var unknown = await page.PostFormAsync("/login?method=sms", "/sms/code", new Dictionary<string, string> { ["phone"] = TestData.Phone(), ["purpose"] = "anything" });
        var loginBody = await HttpExtensions.ReadJsonAsync(login);
        var code = await _ronglian.WaitForCodeAsync(phone);

        var (_, signedIn) = await _api.PostJsonAsync("/v1/tokens/sms", new { phone, verify = code });
        Assert.Multiple(async () =>
        {
            Assert.That(loginBody.GetProperty("ok").GetBoolean(), Is.True);
            Assert.That((int)changePhone.StatusCode, Is.EqualTo(400));
            Assert.That(await changePhone.Content.ReadAsStringAsync(), Does.Contain("purpose"));
            Assert.That((int)unknown.StatusCode, Is.EqualTo(400));
            Assert.That(signedIn.Code(), Is.EqualTo(200), "the page's code is a login code");
        });
    }
}
