using Dashop.Web.Infrastructure;
using Dashop.Web.Features.Registration;
using System.Net;
using Dashop.Contracts;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Tests.Registration;

/// <summary>Spec §4, §5, §6: codes and registration, on the embedded defaults and on real Redis + RabbitMQ.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Cluster, Category = TestCategories.Servers)]
[TestFixture(Backend.Postgres, Category = TestCategories.Servers)]
public sealed class RegistrationFlowTests(Backend backend)
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;
    private HttpClient _api = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        // Production's hash count: a test below reads it from the stored hash.
        _factory = new DashopFactory(backend, _ronglian, new Dictionary<string, string?>(DashopFactory.RealHashSettings), fakeTime: true);
        _api = _factory.CreateClient();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _api.Dispose();
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    [Test]
    public void Runs_on_the_backend_it_names()
    {
        var mode = _factory.Services.GetRequiredService<Dashop.Web.Infrastructure.RunMode>().ToString();
        Assert.That(mode, backend switch
        {
            Backend.Servers => Does.Contain("database=SQLite").And.Contain("cache=Redis (").And.Contain("RabbitMQ"),
            Backend.Cluster => Does.Contain("database=SQLite").And.Contain("cache=Redis Cluster").And.Contain("RabbitMQ"),
            Backend.Postgres => Does.Contain("database=PostgreSQL").And.Contain("cache=Redis").And.Contain("RabbitMQ"),
            _ => Does.Contain("database=SQLite").And.Contain("cache=in-process memory").And.Contain("MassTransit in-memory"),
        });
    }

    [TearDown]
    public void NoProtocolErrors() =>
        Assert.That(_ronglian.Rejections, Is.Empty, "the fake Ronglian refused a request as malformed");

    private async Task<string> RequestCodeAsync(string phone)
    {
        var (status, body) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That((status, body.Code()), Is.EqualTo((200, 200)), body.ToString());
        return await _ronglian.WaitForCodeAsync(phone);
    }

    private Task<(int Status, System.Text.Json.JsonElement Body)> RegisterAsync(string username, string phone, string code, string? password = null) =>
        _api.PostJsonAsync("/v1/users", new { uname = username, password = password ?? TestData.Password, phone, email = $"{username}@example.com", verify = code, carts = "{\"1\":{\"count\":2},\"7\":{\"count\":1}}" });

    [Test]
    public async Task Registers_through_v1_with_the_code_from_the_SMS()
    {
        var phone = TestData.Phone();
        var code = await RequestCodeAsync(phone);
        Assert.That(code, Does.Match("^[0-9]{6}$"));

        var username = TestData.Username();
        var (status, body) = await RegisterAsync(username, phone, code);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(200));
            Assert.That(body.Code(), Is.EqualTo(200), body.ToString());
            Assert.That(body.GetProperty("username").GetString(), Is.EqualTo(username));
            Assert.That(body.GetProperty("data").GetProperty("token").GetString()!.Split('.'), Has.Length.EqualTo(3));
            Assert.That(body.GetProperty("carts_count").GetInt32(), Is.EqualTo(2));
        });

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var user = await db.Users.SingleAsync(u => u.UserName == username);
        Assert.Multiple(() =>
        {
            Assert.That(user.PhoneNumber, Is.EqualTo("+86" + phone));
            Assert.That(user.PasswordHash, Is.Not.Null.And.Not.Contains(TestData.Password));
            // Identity v3 format: 0x01, PRF (2 = HMAC-SHA512), iteration count, big-endian.
            var hash = Convert.FromBase64String(user.PasswordHash!);
            Assert.That(hash[0], Is.EqualTo(1));
            Assert.That(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)), Is.EqualTo(2u));
            Assert.That(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)), Is.GreaterThanOrEqualTo(210_000u));
        });
    }

    [Test]
    public async Task Registers_through_the_form_and_signs_in()
    {
        var phone = TestData.Phone();
        var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        // The page's "send code" button posts with the page's antiforgery token.
        var token = await browser.AntiforgeryTokenAsync("/register");
        using var send = new HttpRequestMessage(HttpMethod.Post, "/sms/code") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = phone }) };
        send.Headers.Add("RequestVerificationToken", token);
        using var sent = await browser.SendAsync(send);
        var sentBody = await HttpExtensions.ReadJsonAsync(sent);
        Assert.That(sentBody.GetProperty("ok").GetBoolean(), Is.True, sentBody.ToString());
        var code = await _ronglian.WaitForCodeAsync(phone);

        // The page follows the delivery until the provider accepted it.
        var deliveryId = sentBody.GetProperty("deliveryId").GetString();
        await Eventually.That(async () => (await HttpExtensions.ReadJsonAsync(await browser.GetAsync($"/sms/deliveries/{deliveryId}"))).GetProperty("status").GetString() == "sent");

        var username = TestData.Username("form");
        using var response = await browser.PostFormAsync("/register", "/register", new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Password"] = TestData.Password,
            ["Phone"] = phone,
            ["Email"] = $"{username}@example.com",
            ["Code"] = code,
            ["TermsAccepted"] = "true",
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var home = await browser.GetStringAsync("/");
        Assert.That(home, Does.Contain(username).And.Contain("signed-in-user"));
    }

    [Test]
    public async Task Form_errors_name_the_field_and_keep_what_was_typed()
    {
        var browser = _factory.CreateClient();
        var username = TestData.Username("keep");
        using var response = await browser.PostFormAsync("/register", "/register", new Dictionary<string, string>
        {
            ["Username"] = username,
            ["Password"] = TestData.Password,
            ["Phone"] = "12345",
            ["Email"] = "keep@example.com",
            ["Code"] = "123456",
        });
        var html = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("field-validation-error").And.Contain("data-valmsg-for=\"Phone\""));
            Assert.That(html, Does.Contain($"value=\"{username}\"").And.Contain("value=\"keep@example.com\""));
        });
    }

    [Test]
    public async Task Form_posts_without_the_antiforgery_token_are_refused()
    {
        var browser = _factory.CreateClient();
        using var response = await browser.PostAsync("/register", new FormUrlEncodedContent(new Dictionary<string, string> { ["Username"] = "x" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Second_request_inside_cooldown_sends_nothing()
    {
        var phone = TestData.Phone();
        await RequestCodeAsync(phone);

        var (_, second) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(second.Code(), Is.EqualTo(10111));

        // A code is published before the request is answered, so the refused one would be on the bus by now.
        await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone == "+86" + phone);
        Assert.That(SmsPublishedTo(phone), Is.EqualTo(1));
        Assert.That(_ronglian.To(phone), Has.Count.EqualTo(1));
    }

    private int SmsPublishedTo(string phone) => _factory.Bus.Published<SendSmsCode>().Count(m => m.Phone == "+86" + phone);

    [Test]
    public async Task Fifty_simultaneous_requests_for_one_phone_send_exactly_one_SMS()
    {
        var phone = TestData.Phone();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _api.PostJsonAsync("/v1/users/sms/code", new { phone })));

        Assert.That(answers.Count(a => a.Body.Code() == 200), Is.EqualTo(1));
        Assert.That(answers.Count(a => a.Body.Code() == 10111), Is.EqualTo(49));
        await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone == "+86" + phone);
        Assert.That(SmsPublishedTo(phone), Is.EqualTo(1), "the 49 refused requests published nothing");
        Assert.That(_ronglian.To(phone), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Sixth_wrong_guess_voids_the_code()
    {
        var phone = TestData.Phone();
        var code = await RequestCodeAsync(phone);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
        {
            var (_, body) = await RegisterAsync(TestData.Username(), phone, wrong);
            Assert.That(body.Code(), Is.EqualTo(10112), $"guess {i + 1}");
        }
        // The sixth guess is the right code, but five wrong ones have voided it.
        var (_, sixth) = await RegisterAsync(TestData.Username(), phone, code);
        Assert.That(sixth.Code(), Is.EqualTo(10112));
    }

    [Test]
    public async Task A_code_works_once()
    {
        var phone = TestData.Phone();
        var code = await RequestCodeAsync(phone);
        var (_, first) = await RegisterAsync(TestData.Username(), phone, code);
        Assert.That(first.Code(), Is.EqualTo(200), first.ToString());

        await using var scope = _factory.Services.CreateAsyncScope();
        var codes = scope.ServiceProvider.GetRequiredService<SmsCodeService>();
        Assert.That((await codes.VerifyAsync("+86" + phone, code)).Failure, Is.EqualTo(Failure.Expired), "the code was used up");
    }

    [Test]
    public async Task Identity_password_rules_hold_and_a_weak_password_creates_nothing()
    {
        var phone = TestData.Phone();
        var code = await RequestCodeAsync(phone);
        var username = TestData.Username();

        // Eight characters but one distinct: AccountRules lets it through, Identity's validators (RequiredUniqueChars) do not.
        var (_, weak) = await RegisterAsync(username, phone, code, password: new string('a', 8));
        Assert.Multiple(() =>
        {
            Assert.That(weak.Code(), Is.EqualTo(10118), weak.ToString());
            Assert.That(weak.ErrorMessage(), Does.Contain("password"));
        });
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
            Assert.That(await db.Users.AnyAsync(u => u.PhoneNumber == "+86" + phone), Is.False);
        }

        var (_, strong) = await RegisterAsync(username, phone, code);
        Assert.That(strong.Code(), Is.EqualTo(200), strong.ToString());
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DashopUser>>();
            var user = await users.FindByNameAsync(username);
            Assert.That(user, Is.Not.Null);
            Assert.Multiple(async () =>
            {
                Assert.That(await users.CheckPasswordAsync(user!, TestData.Password), Is.True, "the hash made before the transaction is the one stored");
                Assert.That(user!.SecurityStamp, Is.Not.Empty);
            });
        }
    }

    [Test]
    public async Task An_expired_code_fails()
    {
        var phone = TestData.Phone();
        var code = await RequestCodeAsync(phone);
        _factory.FakeTime!.Advance(TimeSpan.FromSeconds(301));

        var (_, body) = await RegisterAsync(TestData.Username(), phone, code);
        Assert.That(body.Code(), Is.EqualTo(10112));
    }

    [Test]
    public async Task Enumeration_a_taken_username_or_phone_is_told_only_after_a_right_code()
    {
        // An account that holds the phone and the name already.
        var phone = TestData.Phone();
        var username = TestData.Username();
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var e164 = scope.ServiceProvider.GetRequiredService<PhoneNumberParser>().ToE164(phone)!;
            var created = await scope.ServiceProvider.GetRequiredService<AccountCreator>()
                .CreateAsync(new NewAccount(username, TestData.Password, e164, $"{username}@example.com") { EmailConfirmed = true }, CancellationToken.None);
            Assert.That(created.Succeeded, () => $"{created.Failure}");
        }

        // Without the phone's code, a taken phone or name looks like any wrong code.
        var otherPhone = TestData.Phone();
        var (_, guessedPhone) = await RegisterAsync(TestData.Username(), phone, "123456");
        var (_, guessedName) = await RegisterAsync(username.ToUpperInvariant(), otherPhone, "123456");

        // With a right code, the person learns what to change.
        var (_, samePhone) = await RegisterAsync(TestData.Username(), phone, await RequestCodeAsync(phone));
        var (_, sameName) = await RegisterAsync(username.ToUpperInvariant(), otherPhone, await RequestCodeAsync(otherPhone));
        Assert.Multiple(() =>
        {
            Assert.That(guessedPhone.Code(), Is.EqualTo(10112));
            Assert.That(guessedName.Code(), Is.EqualTo(10112));
            Assert.That(sameName.Code(), Is.EqualTo(10117));
            Assert.That(sameName.ErrorMessage(), Does.Contain("uname"));
            Assert.That(samePhone.Code(), Is.EqualTo(10117));
            Assert.That(samePhone.ErrorMessage(), Does.Contain("phone"));
        });
    }

    [Test]
    public async Task Provider_HTTP_500_is_retried_and_delivered()
    {
        var phone = TestData.Phone();
        _ronglian.Script(FakeAnswer.Http(500), FakeAnswer.Http(503));
        var (_, body) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(body.Code(), Is.EqualTo(200));

        await _ronglian.WaitForCodeAsync(phone, TimeSpan.FromSeconds(20));
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var delivery = await Eventually.Value(() => db.Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.MaskedRecipient == Masking.Phone("+86" + phone) && d.Status == DeliveryStatus.Sent));
        Assert.That(delivery.Attempts, Is.EqualTo(3));
    }

    [Test]
    public async Task A_permanent_status_is_not_retried_and_releases_the_cooldown()
    {
        var phone = TestData.Phone();
        _ronglian.Script(FakeAnswer.Status("160042"));
        var before = _ronglian.Requests;
        var (_, body) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(body.Code(), Is.EqualTo(200));

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DashopDbContext>();
        var masked = Masking.Phone("+86" + phone);
        // The consumer returned instead of throwing, so the retry policy will not try again: the row's state is final.
        var consumed = (await _factory.Bus.WaitForConsumedAsync<SendSmsCode>(m => m.Phone == "+86" + phone)).Single();
        var failed = await db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == consumed.DeliveryId);
        Assert.Multiple(() =>
        {
            Assert.That(_factory.Bus.Faulted<SendSmsCode>().Where(m => m.DeliveryId == consumed.DeliveryId), Is.Empty);
            Assert.That(failed.MaskedRecipient, Is.EqualTo(masked));
            Assert.That(failed.Status, Is.EqualTo(DeliveryStatus.Failed));
            Assert.That(failed.Failure, Is.EqualTo(DeliveryFailure.Recipient));
            Assert.That(failed.ErrorCode, Is.EqualTo("160042"));
            Assert.That(failed.Attempts, Is.EqualTo(1));
        });
        Assert.That(_ronglian.Requests - before, Is.GreaterThanOrEqualTo(1));

        // The person is not locked out: asking again goes through at once.
        var (_, again) = await _api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(again.Code(), Is.EqualTo(200));
        await _ronglian.WaitForCodeAsync(phone);
    }

    [Test]
    public async Task Logs_never_hold_the_code_or_the_full_phone()
    {
        var phone = TestData.Phone();
        var code = await RequestCodeAsync(phone);
        var username = TestData.Username();
        var (_, body) = await RegisterAsync(username, phone, code);
        Assert.That(body.Code(), Is.EqualTo(200));
        var token = body.GetProperty("data").GetProperty("token").GetString()!;

        var logs = string.Join('\n', _factory.Logs);
        Assert.Multiple(() =>
        {
            Assert.That(logs, Does.Contain(Masking.Phone("+86" + phone)));
            Assert.That(logs, Does.Not.Contain(phone));
            Assert.That(logs, Does.Not.Contain(code));
            Assert.That(logs, Does.Not.Contain(TestData.Password));
            Assert.That(logs, Does.Not.Contain(token));
        });
    }
}
