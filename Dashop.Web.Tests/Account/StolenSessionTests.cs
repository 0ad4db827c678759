using System.Net;
using Dashop.Contracts;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Account;

/// <summary>
/// Spec §15, issue 24 point 2: every sensitive action (the password, the phone, the e-mail address, linking or unlinking
/// a sign-in provider, downloading the data, deleting the account) needs a proof given in this session within
/// <c>Security:ReauthenticationWindow</c>: a session cookie alone, stolen or left open, does none of them. On a clock of
/// its own.
/// </summary>
public sealed class StolenSessionTests
{
    private FakeRonglianServer _ronglian = null!;
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _ronglian = await FakeRonglianServer.StartAsync();
        _factory = new DashopFactory(Backend.Embedded, _ronglian, fakeTime: true);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _factory.DisposeAsync();
        await _ronglian.DisposeAsync();
    }

    private sealed record Victim(string Username, string Phone, string Email, HttpClient Session);

    /// <summary>An account with a password, and its signed-in session: the cookie the attacker holds.</summary>
    private async Task<Victim> SignedInVictimAsync()
    {
        var username = TestData.Username("victim");
        var phone = TestData.Phone();
        var email = $"{username}@example.com";
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>().CreateAsync(new DashopUser
            {
                UserName = username, PhoneNumber = "+86" + phone, Email = email, EmailConfirmed = true, CreatedAtUtc = DateTime.UtcNow,
            }, TestData.Password);
            Assert.That(created.Succeeded, Is.True);
        }
        var session = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var login = await session.PostFormAsync("/login?method=password", "/login", new Dictionary<string, string>
        {
            ["Login"] = username, ["Password"] = TestData.Password,
        });
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await login.Content.ReadAsStringAsync());
        return new Victim(username, phone, email, session);
    }

    private async Task<DashopUser> UserAsync(string username)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DashopDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == username);
    }

    private static async Task<HttpResponseMessage> PostAsync(Victim victim, string action, Dictionary<string, string> fields) =>
        await victim.Session.PostFormAsync("/account", action, fields);

    private static async Task AssertRefusedForProofAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("data-field=\"password\""), "the form asks for the proof");
    }

    private static void AssertSentToProve(HttpResponseMessage response) =>
        Assert.That(Reauthenticate.ReturnUrlOf(response), Is.Not.Null, "sent to /account/reauth");

    [Test]
    public async Task A_stolen_session_cookie_cannot_change_the_password_without_a_fresh_proof()
    {
        var victim = await SignedInVictimAsync();
        using var _ = victim.Session;
        var before = (await UserAsync(victim.Username)).PasswordHash;
        using (var refused = await PostAsync(victim, "/account/password", new() { ["NewPassword"] = "the attackers own 1" }))
            await AssertRefusedForProofAsync(refused);
        Assert.That((await UserAsync(victim.Username)).PasswordHash, Is.EqualTo(before));
    }

    [Test]
    public async Task A_stolen_session_cookie_cannot_change_the_phone_without_a_fresh_proof()
    {
        var victim = await SignedInVictimAsync();
        using var _ = victim.Session;
        using (var refused = await PostAsync(victim, "/account/phone", new() { ["Phone"] = TestData.Phone(), ["Verify"] = "123456" }))
            await AssertRefusedForProofAsync(refused);
        Assert.That((await UserAsync(victim.Username)).PhoneNumber, Is.EqualTo("+86" + victim.Phone));
    }

    [Test]
    public async Task A_stolen_session_cookie_cannot_change_the_email_without_a_fresh_proof()
    {
        var victim = await SignedInVictimAsync();
        using var _ = victim.Session;
        var attackers = $"{TestData.Username("attacker")}@example.com";
        using (var refused = await PostAsync(victim, "/account/email", new() { ["Email"] = attackers }))
            await AssertRefusedForProofAsync(refused);
        Assert.That(_factory.Bus.Published<SendActivationEmail>().Where(m => m.To == attackers), Is.Empty, "no link went out");
        Assert.That((await UserAsync(victim.Username)).Email, Is.EqualTo(victim.Email));
    }

    [Test]
    public async Task A_stolen_session_cookie_cannot_download_the_data_without_a_fresh_proof()
    {
        var victim = await SignedInVictimAsync();
        using var _ = victim.Session;
        using var refused = await PostAsync(victim, "/account/download", []);
        AssertSentToProve(refused);
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.Not.EqualTo("application/json"), "no data in the answer");
    }

    [Test]
    public async Task A_stolen_session_cookie_cannot_delete_the_account_without_a_fresh_proof()
    {
        var victim = await SignedInVictimAsync();
        using var _ = victim.Session;
        using (var refused = await PostAsync(victim, "/account/delete", new() { ["UserName"] = victim.Username }))
            await AssertRefusedForProofAsync(refused);
        Assert.That(await UserAsync(victim.Username), Is.Not.Null);
    }

    [Test]
    public async Task A_stolen_session_cookie_cannot_link_or_unlink_a_sign_in_provider_without_a_fresh_proof()
    {
        var victim = await SignedInVictimAsync();
        using var _ = victim.Session;
        using (var link = await victim.Session.GetAsync("/account/weibo/link"))
            AssertSentToProve(link);
        using (var unlink = await PostAsync(victim, "/account/weibo/unlink", []))
            AssertSentToProve(unlink);
    }

    [Test]
    public async Task A_stolen_session_cookie_cannot_use_a_proof_older_than_the_window()
    {
        var victim = await SignedInVictimAsync();
        using var _ = victim.Session;
        await Reauthenticate.WithPasswordAsync(victim.Session);

        // Within the window the forms ask for no password: the proof was just given.
        var first = $"{TestData.Username("fresh")}@example.com";
        using (var changed = await PostAsync(victim, "/account/email", new() { ["Email"] = first }))
            Assert.That(changed.Headers.Location?.OriginalString, Is.EqualTo("/account"), await changed.Content.ReadAsStringAsync());
        using (var downloaded = await PostAsync(victim, "/account/download", []))
            Assert.That(downloaded.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));

        _factory.FakeTime!.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var second = $"{TestData.Username("stale")}@example.com";
        using (var refused = await PostAsync(victim, "/account/email", new() { ["Email"] = second }))
            await AssertRefusedForProofAsync(refused);
        using (var download = await PostAsync(victim, "/account/download", []))
            AssertSentToProve(download);
        Assert.That(_factory.Bus.Published<SendActivationEmail>().Where(m => m.To == second), Is.Empty);
    }
}
