using System.Net;
using System.Text.RegularExpressions;
using Dashop.Web.Tests.Activation;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashop.Web.Tests.Security;

/// <summary>Issue 7 §4: cookies, secrets in the repository, and what the logs hold through a whole registration.</summary>
public sealed partial class SecurityTests
{
    [Test]
    public async Task Cookies_are_HttpOnly_SameSite_and_Secure_behind_HTTPS()
    {
        var (factory, ronglian, _) = await SharedHosts.WithFakesAsync(Backend.Embedded);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = false,
        });

        using var page = await client.GetAsync("/register");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashop.af=", StringComparison.Ordinal));
        var token = HttpExtensions.AntiforgeryToken(await page.Content.ReadAsStringAsync());

        var phone = TestData.Phone();
        await client.PostJsonAsync("/v1/users/sms/code", new { phone });
        var code = await ronglian.WaitForCodeAsync(phone);
        var username = TestData.Username("ck");
        using var register = new HttpRequestMessage(HttpMethod.Post, "/register")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Username"] = username, ["Password"] = TestData.Password, ["Phone"] = phone, ["Email"] = $"{username}@example.com", ["Code"] = code,
                ["TermsAccepted"] = "true",
            }),
        };
        register.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var registered = await client.SendAsync(register);
        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await registered.Content.ReadAsStringAsync());
        var auth = registered.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dashop.auth=", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(auth.ToLowerInvariant(), Does.Contain("httponly").And.Contain("samesite=lax").And.Contain("secure"));
            Assert.That(antiforgery.ToLowerInvariant(), Does.Contain("httponly").And.Contain("samesite=strict").And.Contain("secure"));
        });
    }

    [Test]
    [Category(TestCategories.Servers)]
    public async Task Logs_hold_no_code_token_link_or_password_through_registration_and_activation()
    {
        // Its own host: the logs it reads are those of this one registration (a shared host's hold other tests' digits).
        var ronglian = await SharedHosts.RonglianAsync();
        var smtp = await SharedHosts.SmtpAsync();
        await using var factory = new DashopFactory(Backend.Servers, ronglian, smtp.Settings());
        using var api = factory.CreateClient();

        var phone = TestData.Phone();
        await api.PostJsonAsync("/v1/users/sms/code", new { phone });
        var code = await ronglian.WaitForCodeAsync(phone);
        var username = TestData.Username("log");
        var email = $"{username}@example.com";
        var (_, body) = await api.PostJsonAsync("/v1/users", new { uname = username, password = TestData.Password, phone, email, verify = code });
        var jwt = body.GetProperty("data").GetProperty("token").GetString()!;
        var link = ActivationFlowTests.LinkIn(await smtp.WaitForAsync(email));
        using (var confirmed = await ActivationFlowTests.ConfirmAsync(factory.CreateClient(), link))
            Assert.That(await confirmed.Content.ReadAsStringAsync(), Does.Contain("data-outcome=\"confirmed\""));

        var activationToken = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        var logs = string.Join('\n', factory.Logs);
        Assert.Multiple(() =>
        {
            Assert.That(logs, Does.Not.Contain(code));
            Assert.That(logs, Does.Not.Contain(TestData.Password));
            Assert.That(logs, Does.Not.Contain(jwt));
            Assert.That(logs, Does.Not.Contain(activationToken));
            Assert.That(logs, Does.Not.Contain(phone));
            Assert.That(logs, Does.Not.Contain(email));
        });
    }

    [Test]
    public void No_secret_is_in_any_tracked_file()
    {
        var findings = new List<string>();
        foreach (var file in RepositoryFiles.Tracked())
        {
            if (file.EndsWith(".png", StringComparison.Ordinal) || file.Contains("/lib/", StringComparison.Ordinal) || file.EndsWith(".ico", StringComparison.Ordinal))
                continue;
            var text = RepositoryFiles.Read(file);
            foreach (Match match in SecretAssignment().Matches(text))
            {
                var value = match.Groups["value"].Value;
                if (!LooksHarmless(value))
                    findings.Add($"{file}: {match.Groups["key"].Value} = {value[..Math.Min(4, value.Length)]}…");
            }
            if (text.Contains(PemBegin, StringComparison.Ordinal) && text.Contains(PemPrivateKey, StringComparison.Ordinal))
                findings.Add($"{file}: a private key block");
            foreach (Match match in CredentialUrl().Matches(text))
            {
                if (!LooksHarmless(match.Groups["password"].Value))
                    findings.Add($"{file}: a password inside a URL");
            }
        }
        Assert.That(findings, Is.Empty, string.Join('\n', findings));
    }

    // Built from parts so that this file does not match its own check.
    private const string PemBegin = "-----" + "BEGIN";
    private const string PemPrivateKey = "PRIVATE" + " KEY-----";

    /// <summary>Placeholders, test fakes and references to the environment are not secrets.</summary>
    private static bool LooksHarmless(string value) =>
        value.Length < 8
        || value.Contains("${", StringComparison.Ordinal)
        || value.Contains("...", StringComparison.Ordinal)
        || value.Contains("fake", StringComparison.OrdinalIgnoreCase)
        || value.Contains("test", StringComparison.OrdinalIgnoreCase)
        || value.Contains("example", StringComparison.OrdinalIgnoreCase)
        || value.Contains("not-a-secret", StringComparison.OrdinalIgnoreCase)
        || value.Contains("simulator", StringComparison.OrdinalIgnoreCase)
        || value is "guest" or "authorization code";

    [GeneratedRegex("""(?<key>AuthToken|ClientSecret|Password|SigningKey|AccountSid|ApiKey|Secret)["']?\s*[:=]\s*["'](?<value>[^"'\s]{1,200})["']""", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();

    [GeneratedRegex("""[a-z]+://[^/\s:@"']+:(?<password>[^@\s"'/]+)@""")]
    private static partial Regex CredentialUrl();
}
