using System.Diagnostics;
using System.Net;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Features.Api;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Tests.Security;

/// <summary>
/// Issue 12 point 2: password hashing runs behind a bulkhead of <c>Security:PasswordHashConcurrency</c> slots; a request
/// that finds every slot taken waits up to <c>Security:PasswordHashWait</c>, then is told "busy, try again" (a form
/// message on the page, 10116 on <c>/v1</c>) without a password being compared.
/// </summary>
public sealed class PasswordHashBulkheadTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(300);
    private const string BusyText = "当前登录人数过多";

    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new DashopFactory(Backend.Embedded, ronglian: null, new Dictionary<string, string?>
    {
        ["Security:PasswordHashConcurrency"] = "1",
        ["Security:PasswordHashWait"] = Wait.ToString(),
    }, services: CountingPasswordHasher.Install);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    private PasswordHashBulkhead Bulkhead => _factory.Services.GetRequiredService<PasswordHashBulkhead>();

    /// <summary>Takes the only hashing slot until the returned source is completed, as a long hash would.</summary>
    private async Task<TaskCompletionSource<bool>> HoldTheSlotAsync()
    {
        var hold = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Bulkhead.RunAsync(() => hold.Task);
        await Eventually.That(() => Task.FromResult(Bulkhead.Running == 1));
        return hold;
    }

    [Test]
    public async Task Login_flood_a_password_post_that_finds_the_slot_taken_is_told_busy_without_a_comparison()
    {
        var username = await Admin.AdminSession.NewUserAsync(_factory);
        var hold = await HoldTheSlotAsync();
        var comparisons = CountingPasswordHasher.Of(_factory.Services).Comparisons;
        try
        {
            using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            using var page = await browser.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = username, ["Password"] = TestData.Password });
            using var api = _factory.CreateClient();
            var (_, token) = await api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password, carts = (string?)null });

            Assert.Multiple(async () =>
            {
                Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the form again, not a sign-in");
                Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain(BusyText));
                Assert.That(token.Code(), Is.EqualTo(ApiCodes.RateLimited));
                Assert.That(CountingPasswordHasher.Of(_factory.Services).Comparisons, Is.EqualTo(comparisons), "no password compared while busy");
            });
        }
        finally
        {
            hold.SetResult(true);
        }

        await Eventually.That(() => Task.FromResult(Bulkhead.Running == 0));
        using var after = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signedIn = await after.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = username, ["Password"] = TestData.Password });
        Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "with the slot free again the same password signs in");
    }

    [Test]
    public async Task Busy_refusals_never_count_as_failed_attempts()
    {
        var username = await Admin.AdminSession.NewUserAsync(_factory);
        var hold = await HoldTheSlotAsync();
        var answers = new List<string>();
        try
        {
            // More busy refusals than the lockout allows failures, on every path that counts them: the page, /v1 and
            // the signed-in check (changing a password, the phone, deleting the account).
            using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            using var api = _factory.CreateClient();
            await using var scope = _factory.Services.CreateAsyncScope();
            var login = scope.ServiceProvider.GetRequiredService<LoginService>();
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<DashopUser>>()
                .FindByNameAsync(username);
            for (var i = 0; i < 3; i++)
            {
                using var page = await browser.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = username, ["Password"] = TestData.Password });
                answers.Add((await page.Content.ReadAsStringAsync()).Contains(BusyText, StringComparison.Ordinal) ? "busy" : "other");
                answers.Add((await api.PostJsonAsync("/v1/tokens", new { username, password = TestData.Password })).Body.Code() == ApiCodes.RateLimited ? "busy" : "other");
                answers.Add((await login.CheckPasswordAsync(user!, TestData.Password, CancellationToken.None)).Failure.ToString()!);
            }
        }
        finally
        {
            hold.SetResult(true);
        }
        await Eventually.That(() => Task.FromResult(Bulkhead.Running == 0));

        using var after = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var signedIn = await after.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = username, ["Password"] = TestData.Password });
        Assert.Multiple(() =>
        {
            Assert.That(answers, Is.EqualTo(Enumerable.Repeat(new[] { "busy", "busy", "Busy" }, 3).SelectMany(a => a)), "nine busy refusals");
            Assert.That(signedIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the right password signs in: none of them counted");
        });
    }

    [Test]
    public async Task A_waiter_gets_the_slot_when_it_comes_free_within_the_wait()
    {
        var bulkhead = new PasswordHashBulkhead(Options.Create(new SecurityOptions { PasswordHashConcurrency = 1, PasswordHashWait = TimeSpan.FromMinutes(5) }));
        var hold = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = bulkhead.RunAsync(() => hold.Task);
        var second = bulkhead.RunAsync(() => Task.FromResult(2));
        Assert.That(second.IsCompleted, Is.False, "the second waits while the first holds the slot");

        hold.SetResult(1);
        Assert.That(await first + await second, Is.EqualTo(3));
        Assert.That(bulkhead.Running, Is.Zero);
        bulkhead.Dispose();
    }

    [Test]
    public async Task Waits_are_spread_so_a_flood_that_arrived_together_is_not_refused_together()
    {
        using var bulkhead = new PasswordHashBulkhead(Options.Create(new SecurityOptions { PasswordHashConcurrency = 1, PasswordHashWait = Wait }));
        var hold = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = bulkhead.RunAsync(() => hold.Task);

        var waits = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await bulkhead.RunAsync(() => Task.FromResult(0));
            }
            catch (PasswordHashBusyException)
            {
                return clock.Elapsed;
            }
            return TimeSpan.Zero; // ran although the slot was held: fails the first assertion below
        }));
        hold.SetResult(0);
        await holding;

        Assert.Multiple(() =>
        {
            // Timers never fire early (a millisecond of clock granularity aside); late is the machine's load, not asserted.
            Assert.That(waits.Min(), Is.GreaterThanOrEqualTo(Wait / 2 - TimeSpan.FromMilliseconds(2)), "each waits at least half the wait");
            // Uniform over the second half of the wait, twenty waits span most of it; one fixed wait spans a few ms.
            Assert.That(waits.Max() - waits.Min(), Is.GreaterThanOrEqualTo(Wait / 5), "not all refused in the same instant");
        });
    }
}
