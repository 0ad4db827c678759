using System.Globalization;
using System.Net;
using Dashop.Web.Features.Api;
using Dashop.Web.Features.SignIn;
using Dashop.Web.Infrastructure.Caching;
using Dashop.Web.Tests.Admin;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Tests.Security;

/// <summary>
/// Spec §14: a password is compared only after the attempt is counted, so parallel guesses get no more comparisons than the
/// lockout allows; a name nobody has is counted, refused and timed like an account; no count, no comparison.
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Cluster, Category = TestCategories.Servers)]
public sealed class PasswordGuessingTests(Backend backend)
{
    private DashopFactory _factory = null!;

    [OneTimeSetUp]
    public void Start() => _factory = new DashopFactory(backend, ronglian: null, services: CountingPasswordHasher.Install);

    [OneTimeTearDown]
    public async Task StopAsync() => await _factory.DisposeAsync();

    /// <summary>The Chinese page's lockout and wrong-password messages.</summary>
    private const string LockedText = "该账号已锁定";
    private const string WrongText = "密码错误";

    private CountingPasswordHasher Hasher => CountingPasswordHasher.Of(_factory.Services);

    private async Task<string> LoginAsync(string login, string password)
    {
        using var browser = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await browser.PostFormAsync("/login", "/login", new Dictionary<string, string> { ["Login"] = login, ["Password"] = password });
        return response.StatusCode == HttpStatusCode.Redirect ? "signed in" : await response.Content.ReadAsStringAsync();
    }

    [Test]
    public async Task Parallel_guessing_gets_at_most_five_comparisons_before_the_lockout()
    {
        var username = await AdminSession.NewUserAsync(_factory);
        var before = Hasher.Comparisons;

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => LoginAsync(username, $"wrong guess {i}")));
        var afterGuesses = Hasher.Comparisons;
        var right = await LoginAsync(username, TestData.Password);

        Assert.Multiple(() =>
        {
            Assert.That(afterGuesses - before, Is.LessThanOrEqualTo(5), "password comparisons for 40 parallel guesses");
            Assert.That(answers, Has.None.EqualTo("signed in"));
            Assert.That(right, Is.Not.EqualTo("signed in"), "the right password is refused while locked");
            Assert.That(right, Does.Contain(LockedText), "the lockout message");
            Assert.That(Hasher.Comparisons, Is.EqualTo(afterGuesses), "a locked account's password is not even compared");
        });
    }

    [Test]
    public async Task Enumeration_a_name_nobody_has_is_compared_and_locked_out_like_an_account()
    {
        var nobody = TestData.Username("nobody");
        var somebody = await AdminSession.NewUserAsync(_factory);

        var before = Hasher.Comparisons;
        var forNobody = new List<string>();
        var forSomebody = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            forNobody.Add(await LoginAsync(nobody, "wrong password"));
            forSomebody.Add(await LoginAsync(somebody, "wrong password"));
        }

        Assert.Multiple(() =>
        {
            Assert.That(Hasher.Comparisons - before, Is.EqualTo(10), "five comparisons each, a dummy hash for the name nobody has");
            for (var i = 0; i < 6; i++)
                Assert.That(Message(forNobody[i]), Is.EqualTo(Message(forSomebody[i])), $"answer {i + 1}");
        });
    }

    /// <summary>The answers of the page and of /v1/tokens to six wrong passwords for <paramref name="login"/>, in turn.</summary>
    private async Task<List<string>> SixWrongAsync(string login)
    {
        using var api = _factory.CreateClient();
        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(Message(await LoginAsync(login, $"wrong {i}")));
            answers.Add((await api.PostJsonAsync("/v1/tokens", new { username = login, password = $"wrong {i}" })).Body.Code() switch
            {
                ApiCodes.WrongPassword => "wrong",
                ApiCodes.LockedOut => "locked",
                var other => other.ToString(CultureInfo.InvariantCulture),
            });
        }
        return answers;
    }

    private static string Message(string page) =>
        page == "signed in" ? page : page.Contains(LockedText, StringComparison.Ordinal) ? "locked" : page.Contains(WrongText, StringComparison.Ordinal) ? "wrong" : "other";

    [Test]
    public async Task Enumeration_a_lockout_through_the_username_is_not_shown_through_the_phone()
    {
        var (bob, bobsPhone) = await AdminSession.NewUserWithPhoneAsync(_factory, "bob");
        for (var i = 0; i < 5; i++)
            await LoginAsync(bob, $"guess {i}");
        Assert.That(Message(await LoginAsync(bob, TestData.Password)), Is.EqualTo("locked"), "bob is locked through his name");

        var throughPhone = await SixWrongAsync(bobsPhone);
        var unrelated = await SixWrongAsync(TestData.Phone());
        Assert.That(throughPhone, Is.EqualTo(unrelated), "bob's phone answers like a phone nobody has");
        Assert.That(throughPhone, Is.EqualTo(new[] { "wrong", "wrong", "wrong", "wrong", "locked", "locked" }));
    }

    [Test]
    public async Task Enumeration_a_lockout_through_the_phone_is_not_shown_through_the_username()
    {
        var (bob, bobsPhone) = await AdminSession.NewUserWithPhoneAsync(_factory, "bob");
        for (var i = 0; i < 5; i++)
            await LoginAsync(bobsPhone, $"guess {i}");
        Assert.That(Message(await LoginAsync(bobsPhone, TestData.Password)), Is.EqualTo("locked"), "bob is locked through his phone");

        var throughName = await SixWrongAsync(bob);
        var unrelated = await SixWrongAsync(TestData.Username("nobody"));
        Assert.That(throughName, Is.EqualTo(unrelated), "bob's name answers like a name nobody has");
        Assert.That(throughName, Is.EqualTo(new[] { "wrong", "wrong", "wrong", "wrong", "locked", "locked" }));
    }

    [Test]
    public async Task Parallel_guessing_through_both_identifiers_gets_at_most_five_comparisons_of_the_real_password()
    {
        var (bob, bobsPhone) = await AdminSession.NewUserWithPhoneAsync(_factory, "bob");
        var before = Hasher.RealComparisons;
        await Task.WhenAll(Enumerable.Range(0, 30).Select(i => LoginAsync(i % 2 == 0 ? bob : bobsPhone, $"wrong guess {i}")));
        Assert.That(Hasher.RealComparisons - before, Is.LessThanOrEqualTo(5));
    }

    [Test]
    public async Task Without_the_failure_counter_a_password_is_refused_and_never_compared()
    {
        await using var broken = new DashopFactory(backend, ronglian: null, services: s =>
        {
            CountingPasswordHasher.Install(s);
            s.AddSingleton<IAtomicStore>(new UnavailableAtomicStore());
        });
        var username = await AdminSession.NewUserAsync(broken);
        await using var scope = broken.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<LoginService>().CheckPasswordAsync(username, TestData.Password, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(result.Failure, Is.EqualTo(Failure.Unavailable));
            Assert.That(result.Value, Is.Null);
            Assert.That(CountingPasswordHasher.Of(broken.Services).Comparisons, Is.Zero);
        });
    }

    private sealed class UnavailableAtomicStore : IAtomicStore
    {
        private static StackExchange.Redis.RedisConnectionException Down() => new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.UnableToConnect, "down");

        public Task<ClaimResult> TryClaimAsync(string claimKey, TimeSpan claimTtl, IReadOnlyList<Quota> quotas, IReadOnlyList<string> resetKeys,
            string owner = "1") => throw Down();

        public Task<ClaimResult> CountAsync(IReadOnlyList<Quota> quotas) => throw Down();

        public Task<bool> ReleaseClaimAsync(string claimKey, string owner) => throw Down();

        public Task<long> IncrementAsync(string key, TimeSpan ttl) => throw Down();

        public Task DeleteAsync(params string[] keys) => throw Down();
    }
}
