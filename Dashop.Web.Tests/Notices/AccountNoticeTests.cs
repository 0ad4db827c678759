using System.Net;
using System.Text.RegularExpressions;
using Dashop.Contracts;
using Dashop.Web.Features.Activation;
using Dashop.Web.Features.Deliveries;
using Dashop.Web.Features.Notices;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dashop.Web.Tests.PasswordReset.PasswordResetTestHost;

namespace Dashop.Web.Tests.Notices;

/// <summary>
/// Spec §11: a change of password, phone or e-mail address, and a deletion, are told to the confirmed address through the
/// activation e-mail's path (delivery record, retries), in Chinese or English, with HTML and plain-text parts.
/// </summary>
public sealed partial class AccountNoticeTests
{
    private FakeRonglianServer _ronglian = null!;
    private FakeSmtpServer _smtp = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_factory, _ronglian, _smtp) = await SharedHosts.WithFakesAsync(Backend.Embedded);

    [Test]
    public async Task Changing_the_phone_tells_the_confirmed_address_with_the_masked_new_number()
    {
        var account = await _factory.CreateAccountAsync();
        using var browser = await _factory.SignedInAsync(account);
        var next = TestData.Phone();
        using (var asked = await browser.PostFormAsync("/account", "/sms/code", new Dictionary<string, string> { ["phone"] = next, ["purpose"] = "change_phone" }))
            Assert.That(asked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var changed = await browser.PostFormAsync("/account", "/account/phone", new Dictionary<string, string>
        {
            ["Phone"] = next, ["Verify"] = await _ronglian.WaitForCodeAsync(next), ["Password"] = TestData.Password,
        });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await changed.Content.ReadAsStringAsync());

        var told = await _smtp.WaitForAsync(account.Email);
        Assert.Multiple(() =>
        {
            Assert.That(told.Subject, Is.EqualTo("您的 Dashop 账号手机号已更改"));
            Assert.That(told.TextBody, Does.Contain(account.Username).And.Contain(next[..3] + "****" + next[^4..]).And.Not.Contain(next));
            Assert.That(told.HtmlBody, Does.Contain(account.Username));
        });
        await AssertDeliveredAsync(AccountNoticeKind.PhoneChanged, account.Email);
    }

    [Test]
    public async Task Changing_the_password_on_the_account_page_tells_the_confirmed_address_in_the_chosen_language()
    {
        var account = await _factory.CreateAccountAsync();
        using var browser = await _factory.SignedInAsync(account);
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var changed = await browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
        {
            ["Password"] = TestData.Password, ["NewPassword"] = NewPassword,
        });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await changed.Content.ReadAsStringAsync());

        var told = await _smtp.WaitForAsync(account.Email);
        Assert.Multiple(() =>
        {
            Assert.That(told.Subject, Is.EqualTo("Your Dashop password was changed"));
            Assert.That(told.TextBody, Does.Contain(account.Username).And.Not.Contain(NewPassword));
            Assert.That(told.HtmlBody, Does.Contain(account.Username).And.Not.Contain(NewPassword));
        });
        await AssertDeliveredAsync(AccountNoticeKind.PasswordChanged, account.Email);
    }

    [Test]
    public async Task Confirming_a_new_address_tells_the_old_one_and_not_before()
    {
        var account = await _factory.CreateAccountAsync();
        using var browser = await _factory.SignedInAsync(account);
        var next = $"new-{account.Username}@example.com";
        using (var requested = await browser.PostFormAsync("/account", "/account/email", new Dictionary<string, string>
               {
                   ["Email"] = next, ["Password"] = TestData.Password,
               }))
            Assert.That(requested.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var message = await _smtp.WaitForAsync(next);
        Assert.That(_factory.Bus.Published<SendAccountNotice>().Where(m => m.To == account.Email), Is.Empty, "nothing changed yet");

        var link = new Uri(ChangeLink().Match(message.TextBody ?? "").Value);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query);
        using var confirmed = await browser.PostFormAsync(link.PathAndQuery, "/account/email/confirm", new Dictionary<string, string>
        {
            ["uid"] = query["uid"]!, ["email"] = query["email"]!, ["token"] = query["token"]!,
        });
        Assert.That(await confirmed.Content.ReadAsStringAsync(), Does.Contain("id=\"email-confirmed\""));

        var told = await _smtp.WaitForAsync(account.Email);
        Assert.Multiple(() =>
        {
            Assert.That(told.Subject, Is.EqualTo("您的 Dashop 账号邮箱已更改"));
            Assert.That(told.TextBody, Does.Contain("n***@example.com").And.Not.Contain(next));
        });
        await AssertDeliveredAsync(AccountNoticeKind.EmailChanged, account.Email);
        Assert.That(_smtp.To(next).Count(m => m.Subject == told.Subject), Is.Zero, "the new address is not told of its own change");
    }

    [Test]
    public async Task Deleting_the_account_sends_a_last_email_whose_record_keeps_no_recipient()
    {
        var account = await _factory.CreateAccountAsync();
        using var browser = await _factory.SignedInAsync(account);
        using var deleted = await browser.PostFormAsync("/account", "/account/delete", new Dictionary<string, string>
        {
            ["UserName"] = account.Username, ["Password"] = TestData.Password,
        });
        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await deleted.Content.ReadAsStringAsync());

        var told = await _smtp.WaitForAsync(account.Email);
        Assert.That(told.Subject, Is.EqualTo("您的 Dashop 账号已删除"));
        var notice = _factory.Bus.Published<SendAccountNotice>().Single(m => m.To == account.Email);
        var row = await Eventually.Value(() => WithDbAsync(db => db.Deliveries.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == notice.DeliveryId && d.Status == DeliveryStatus.Sent)));
        Assert.Multiple(() =>
        {
            Assert.That(row.Purpose, Is.EqualTo(AccountNoticeKind.AccountDeleted));
            Assert.That(row.RecipientKey, Is.Null, "a deleted account's deliveries keep no recipient");
            Assert.That(row.MaskedRecipient, Does.Not.Contain(account.Username));
        });
    }

    [Test]
    public async Task An_unconfirmed_address_is_told_nothing()
    {
        var account = await _factory.CreateAccountAsync(emailConfirmed: false);
        using var browser = await _factory.SignedInAsync(account);
        using var changed = await browser.PostFormAsync("/account", "/account/password", new Dictionary<string, string>
        {
            ["Password"] = TestData.Password, ["NewPassword"] = NewPassword,
        });
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        // The notice is published inside the request, before its answer: the record of published messages is final here.
        Assert.That(_factory.Bus.Published<SendAccountNotice>().Where(m => m.To == account.Email), Is.Empty);
    }

    [Test]
    public async Task At_most_five_notices_a_day_go_to_one_address()
    {
        var account = await _factory.CreateAccountAsync();
        var user = await _factory.UserAsync(account.Username);
        await using var scope = _factory.Services.CreateAsyncScope();
        var notices = scope.ServiceProvider.GetRequiredService<AccountNotices>();
        var queued = new List<bool>();
        for (var i = 0; i < new EmailOptions().MaxNoticesPerAddressPerDay + 1; i++)
            queued.Add(await notices.TellAsync(user, AccountNoticeKind.PasswordChanged, null, CancellationToken.None));
        Assert.That(queued, Is.EqualTo(Enumerable.Repeat(true, new EmailOptions().MaxNoticesPerAddressPerDay).Append(false)));
        Assert.That(_factory.Bus.Published<SendAccountNotice>().Count(m => m.To == account.Email), Is.EqualTo(new EmailOptions().MaxNoticesPerAddressPerDay));
    }

    [Test]
    public async Task Muting_twenty_notices_from_one_address_do_not_silence_a_password_change_notice()
    {
        // Twenty of the attacker's own accounts changed from one network, then the victim's password from that network.
        await using var scope = _factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            Connection = { RemoteIpAddress = IPAddress.Parse("203.0.113.77") },
        };
        var notices = scope.ServiceProvider.GetRequiredService<AccountNotices>();
        for (var i = 0; i < 20; i++)
        {
            var own = new DashopUser { UserName = TestData.Username("own"), Email = $"own{i}-{Guid.NewGuid():N}@example.com", EmailConfirmed = true };
            Assert.That(await notices.TellAsync(own, AccountNoticeKind.PhoneChanged, "177****0000", CancellationToken.None), Is.True);
        }
        var victim = await _factory.CreateAccountAsync();

        Assert.That(await notices.TellAsync(await _factory.UserAsync(victim.Username), AccountNoticeKind.PasswordChanged, null, CancellationToken.None),
            Is.True, "a security notice has only the recipient's daily cap");
        Assert.That(_factory.Bus.Published<SendAccountNotice>().Where(m => m.To == victim.Email).Select(m => m.Kind),
            Is.EqualTo(new[] { AccountNoticeKind.PasswordChanged }));
    }

    private async Task AssertDeliveredAsync(string kind, string to)
    {
        var notice = _factory.Bus.Published<SendAccountNotice>().Single(m => m.To == to && m.Kind == kind);
        var key = _factory.Services.GetRequiredService<DeliveryRecipients>().Key(to);
        var row = await Eventually.Value(() => WithDbAsync(db => db.Deliveries.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == notice.DeliveryId && d.Status == DeliveryStatus.Sent)));
        Assert.Multiple(() =>
        {
            Assert.That(row.Channel, Is.EqualTo(DeliveryChannel.Email));
            Assert.That(row.Purpose, Is.EqualTo(kind));
            Assert.That(row.RecipientKey, Is.EqualTo(key));
            Assert.That(row.MaskedRecipient, Is.EqualTo($"{to[0]}***@example.com"));
        });
    }

    private async Task<T> WithDbAsync<T>(Func<DashopDbContext, Task<T>> work)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<DashopDbContext>());
    }

    [GeneratedRegex(@"http://\S+/account/email/confirm\?\S+")]
    private static partial Regex ChangeLink();
}
