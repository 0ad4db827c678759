using Dashop.Contracts;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.Registration;
using Dashop.Web.Features.Sms;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Tests.Sms;

/// <summary>
/// Spec §11 and §14: a code works only for its purpose; login and reset codes reach no provider for a phone without an
/// account; a late delivery failure releases only the code and cooldown it was sent for; codes never travel in clear.
/// </summary>
public sealed class SmsCodePurposeAndReleaseTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _) = await SharedHosts.OwnHostAsync(Backend.Embedded, fakeTime: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    private async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private Task<Result<SmsIssued>> IssueAsync(string phone, SmsPurpose purpose) =>
        WithScopeAsync(sp => sp.GetRequiredService<SmsCodeService>().IssueAsync(phone, "203.0.113.9", purpose));

    /// <summary>Why the code does not verify, or null when it does.</summary>
    private async Task<Failure?> VerifyAsync(string phone, string code, SmsPurpose purpose) =>
        (await WithScopeAsync(sp => sp.GetRequiredService<SmsCodeService>().VerifyAsync("+86" + phone, code, purpose))).Failure;

    /// <summary>The newest code to reach the phone, once <paramref name="count"/> SMS have reached it.</summary>
    private async Task<string> CodeAsync(string phone, int count)
    {
        await Eventually.That(() => Task.FromResult(_ronglian.To(phone).Count >= count));
        return _ronglian.LatestCode(phone)!;
    }

    private async Task<string> PhoneWithAccountAsync()
    {
        var phone = TestData.Phone();
        var username = TestData.Username("sms");
        var created = await WithScopeAsync(sp => sp.GetRequiredService<AccountCreator>().CreateAsync(
            new NewAccount(username, TestData.Password, "+86" + phone, $"{username}@example.com") { EmailConfirmed = true }, CancellationToken.None));
        Assert.That(created.Succeeded, () => $"{created.Failure}");
        return phone;
    }

    [Test]
    public async Task Purpose_confusion_a_code_works_only_for_the_purpose_it_was_issued_for()
    {
        var phone = await PhoneWithAccountAsync();
        var sent = 0;
        foreach (var purpose in Enum.GetValues<SmsPurpose>())
        {
            _factory.FakeTime!.Advance(TimeSpan.FromSeconds(61));
            Assert.That((await IssueAsync(phone, purpose)).Failure, Is.Null);
            var code = await CodeAsync(phone, ++sent);
            foreach (var other in Enum.GetValues<SmsPurpose>().Where(p => p != purpose))
                Assert.That(await VerifyAsync(phone, code, other), Is.EqualTo(Failure.Wrong), $"a {purpose.Name()} code used for {other.Name()}");
            Assert.That(await VerifyAsync(phone, code, purpose), Is.Null, $"a {purpose.Name()} code for {purpose.Name()}");
        }
    }

    // Login codes too with Accounts:SmsSignUp off (SignIn/SmsSignUpSwitchedOffTests); on, by default, a login code signs up.
    [TestCase(SmsPurpose.Reset)]
    public async Task Enumeration_a_login_or_reset_code_for_a_phone_without_account_reaches_no_provider(SmsPurpose purpose)
    {
        var stranger = TestData.Phone();
        var member = await PhoneWithAccountAsync();

        var toStranger = await IssueAsync(stranger, purpose);
        var toMember = await IssueAsync(member, purpose);
        Assert.That((toStranger.Failure, toMember.Failure), Is.EqualTo(((Failure?)null, (Failure?)null)), "the same answer");

        Task<Delivery?> FindAsync() => WithScopeAsync(sp => sp.GetRequiredService<DeliveryLog>().FindAsync(toStranger.Value!.DeliveryId, CancellationToken.None));
        await Eventually.That(async () => (await FindAsync())?.Status == DeliveryStatus.Suppressed);
        var stored = await FindAsync();
        await CodeAsync(member, 1);
        using var page = _factory.CreateClient();
        var followed = await HttpExtensions.ReadJsonAsync(await page.GetAsync($"/sms/deliveries/{toStranger.Value!.DeliveryId}"));
        Assert.Multiple(() =>
        {
            Assert.That(_ronglian.To(stranger), Is.Empty, "no SMS to a phone without an account");
            Assert.That(stored!.Error, Does.Contain("no account"), "the admin page says why");
            Assert.That(stored.Purpose, Is.EqualTo(purpose.Name()));
            Assert.That(followed.GetProperty("status").GetString(), Is.EqualTo("sent"), "the page shows the progress of a sent one");
        });
    }

    [Test]
    public async Task Late_failure_releases_only_the_code_and_cooldown_it_was_sent_for()
    {
        var phone = TestData.Phone();
        var first = await IssueAsync(phone, SmsPurpose.Register);
        await CodeAsync(phone, 1);
        _factory.FakeTime!.Advance(TimeSpan.FromSeconds(61));
        var second = await IssueAsync(phone, SmsPurpose.Register);
        var code = await CodeAsync(phone, 2);

        // The first delivery's final failure arrives late (a redelivery, a retry's last answer).
        await WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<SmsCodeService>().ReleaseAsync("+86" + phone, first.Value!.DeliveryId);
            return 0;
        });

        Assert.Multiple(async () =>
        {
            Assert.That(second.Failure, Is.Null);
            Assert.That((await IssueAsync(phone, SmsPurpose.Register)).Failure, Is.EqualTo(Failure.Limited), "the second code's cooldown holds");
            Assert.That(await VerifyAsync(phone, code, SmsPurpose.Register), Is.Null, "the second code still works");
        });

        // Its own failure releases both.
        await WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<SmsCodeService>().ReleaseAsync("+86" + phone, second.Value!.DeliveryId);
            return 0;
        });
        Assert.That(await VerifyAsync(phone, code, SmsPurpose.Register), Is.EqualTo(Failure.Expired));
        Assert.That((await IssueAsync(phone, SmsPurpose.Register)).Failure, Is.Null);
    }

    [Test]
    public async Task Message_leak_codes_and_activation_links_never_travel_in_clear()
    {
        var phone = TestData.Phone();
        await IssueAsync(phone, SmsPurpose.Register);
        var code = await CodeAsync(phone, 1);
        var username = TestData.Username("leak");
        using var api = _factory.CreateClient();
        var (_, registered) = await api.PostJsonAsync("/v1/users", new { uname = username, password = TestData.Password, phone, email = $"{username}@example.com", verify = code });
        Assert.That(registered.Code(), Is.EqualTo(200), registered.ToString());

        var sms = _factory.Bus.Published<SendSmsCode>().Single(m => m.Phone == "+86" + phone);
        var email = _factory.Bus.Published<SendActivationEmail>().Single(m => m.UserName == username);
        Assert.Multiple(() =>
        {
            Assert.That(sms.ProtectedCode, Does.Not.Contain(code));
            Assert.That(email.ProtectedLink, Does.Not.Contain("activate").And.Not.Contain("uid=").And.Not.Contain("token="));
        });
    }

    [Test]
    public async Task Atomic_release_deletes_a_claim_only_for_its_owner()
    {
        var store = _factory.Services.GetRequiredService<IAtomicStore>();
        var key = "test:claim:" + Guid.NewGuid().ToString("N");
        await store.TryClaimAsync(key, TimeSpan.FromMinutes(1), [], [], owner: "a");
        Assert.That(await store.ReleaseClaimAsync(key, "b"), Is.False);
        Assert.That((await store.TryClaimAsync(key, TimeSpan.FromMinutes(1), [], [], owner: "b")).Outcome, Is.EqualTo(ClaimOutcome.AlreadyClaimed));
        Assert.That(await store.ReleaseClaimAsync(key, "a"), Is.True);
        Assert.That((await store.TryClaimAsync(key, TimeSpan.FromMinutes(1), [], [], owner: "b")).Outcome, Is.EqualTo(ClaimOutcome.Claimed));
    }
}
