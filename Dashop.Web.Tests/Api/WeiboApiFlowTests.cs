using System.Text.Json;
using Dashop.Web.Infrastructure.Security;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Dashop.Web.Tests.WeiboLogin;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.Api;

/// <summary>Spec §4, §8: the dadashop front end's Weibo login under /v1, against a fake Weibo on loopback.</summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Servers, Category = TestCategories.Servers)]
[TestFixture(Backend.Cluster, Category = TestCategories.Servers)]
public sealed class WeiboApiFlowTests(Backend backend)
{
    private const string FrontEndCallback = WeiboTestHost.FrontEndCallback;
    private static readonly int[] OneBindOneRefusal = [200, 10119];

    private WeiboTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _host = await WeiboTestHost.StartAsync(backend, fakeTime: true);

    [OneTimeTearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [TearDown]
    public void NoProtocolErrors() => _host.AssertNoProtocolErrors();

    private HttpClient Api => _host.Api;

    private FakeWeiboServer Weibo => _host.Weibo;

    /// <summary>The nonce the front end kept (sessionStorage) for each state it was given.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _nonces = new();

    private async Task<string> OAuthUrlAsync()
    {
        using var response = await Api.GetAsync("/v1/users/weibo/authorization");
        var body = await HttpExtensions.ReadJsonAsync(response);
        Assert.That(((int)response.StatusCode, body.Code()), Is.EqualTo((200, 200)), body.ToString());
        var url = body.GetProperty("oauth_url").GetString()!;
        _nonces[QueryHelpers.ParseQuery(new Uri(url).Query)["state"].ToString()] = body.GetProperty("nonce").GetString()!;
        return url;
    }

    /// <summary>The front end sends the person to Weibo, who approves: the code and state Weibo hands to callback.html.</summary>
    private async Task<(string Code, string State)> ApprovedAsync(FakeWeiboUser user)
    {
        var back = await Weibo.ApproveAsync(await OAuthUrlAsync(), user);
        Assert.That(back.GetLeftPart(UriPartial.Path), Is.EqualTo(FrontEndCallback));
        var query = QueryHelpers.ParseQuery(back.Query);
        return (query["code"].ToString(), query["state"].ToString());
    }

    /// <summary>The front end's callback.html: it sends the nonce it kept for that state, unless told otherwise.</summary>
    private async Task<JsonElement> CallbackAsync(string? code, string? state, string? nonce = "kept")
    {
        var parameters = new Dictionary<string, string?>();
        if (code is not null)
            parameters["code"] = code;
        if (state is not null)
            parameters["state"] = state;
        if (nonce == "kept")
            nonce = state is not null && _nonces.TryGetValue(state, out var kept) ? kept : null;
        if (nonce is not null)
            parameters["nonce"] = nonce;
        using var response = await Api.GetAsync(QueryHelpers.AddQueryString("/v1/users/weibo/users", parameters));
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        return await HttpExtensions.ReadJsonAsync(response);
    }

    private async Task<string> TicketAsync(FakeWeiboUser user)
    {
        var (code, state) = await ApprovedAsync(user);
        var body = await CallbackAsync(code, state);
        Assert.That(body.Code(), Is.EqualTo(201), body.ToString());
        return body.GetProperty("uid").GetString()!;
    }

    private sealed record NewAccount(string Username, string Phone, string Email, string Code);

    private async Task<NewAccount> NewAccountAsync()
    {
        var (phone, code) = await _host.SmsCodeAsync();
        var username = TestData.Username("wa");
        return new NewAccount(username, phone, $"{username}@example.com", code);
    }

    private async Task<JsonElement> BindAsync(object? uid, NewAccount account, string? code = null)
    {
        var (status, body) = await Api.PostJsonAsync("/v1/users/weibo/users", new
        {
            uid,
            username = account.Username,
            password = TestData.Password,
            phone = account.Phone,
            email = account.Email,
            verify = code ?? account.Code,
        });
        Assert.That(status, Is.EqualTo(200), body.ToString());
        return body;
    }

    [Test]
    public async Task The_oauth_url_names_the_front_end_callback_and_a_fresh_state()
    {
        var first = new Uri(await OAuthUrlAsync());
        var second = new Uri(await OAuthUrlAsync());
        var query = QueryHelpers.ParseQuery(first.Query);
        Assert.Multiple(() =>
        {
            Assert.That(first.GetLeftPart(UriPartial.Path), Is.EqualTo(Weibo.BaseUrl + "/oauth2/authorize"));
            Assert.That(query["client_id"].ToString(), Is.EqualTo(FakeWeiboServer.ClientId));
            Assert.That(query["redirect_uri"].ToString(), Is.EqualTo(FrontEndCallback));
            Assert.That(query["response_type"].ToString(), Is.EqualTo("code"));
            Assert.That(query["state"].ToString(), Has.Length.GreaterThan(43), "a signed, time-limited value");
            Assert.That(QueryHelpers.ParseQuery(second.Query)["state"].ToString(), Is.Not.EqualTo(query["state"].ToString()));
            Assert.That(query.ContainsKey("client_secret"), Is.False);
        });
    }

    [Test]
    public async Task First_login_binds_a_new_account_and_the_second_returns_a_token()
    {
        var weiboUser = FakeWeiboUser.New();
        var ticket = await TicketAsync(weiboUser);
        Assert.That(ticket, Does.Not.Contain(weiboUser.Uid), "the ticket is opaque");
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.Null, "the Weibo account is recorded from the first login");

        var account = await NewAccountAsync();
        var bound = await BindAsync(ticket, account);
        Assert.That(bound.Code(), Is.EqualTo(200), bound.ToString());
        Assert.That(bound.GetProperty("username").GetString(), Is.EqualTo(account.Username));
        var tokens = _host.App.Services.GetRequiredService<JwtTokenService>();
        Assert.That((await tokens.ValidateAsync(bound.GetProperty("token").GetString()!))?.Username, Is.EqualTo(account.Username));

        var user = await _host.UserAsync(account.Username);
        Assert.That(user!.PhoneNumber, Is.EqualTo("+86" + account.Phone));
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.EqualTo(user.Id));
        await Eventually.That(() => Task.FromResult(_host.ActivationEmailSentTo(account.Email)));

        var (code, state) = await ApprovedAsync(weiboUser);
        var second = await CallbackAsync(code, state);
        Assert.That(second.Code(), Is.EqualTo(200), second.ToString());
        Assert.That(second.GetProperty("username").GetString(), Is.EqualTo(account.Username));
        Assert.That((await tokens.ValidateAsync(second.GetProperty("token").GetString()!))?.Username, Is.EqualTo(account.Username));
    }

    [Test]
    public async Task A_missing_code_is_10112()
    {
        Assert.That((await CallbackAsync(null, null)).Code(), Is.EqualTo(10112));
        Assert.That((await CallbackAsync("", "x")).Code(), Is.EqualTo(10112));

        // Cancelled on Weibo: callback.html passes error=access_denied and no code.
        var back = await Weibo.DenyAsync(await OAuthUrlAsync());
        using var response = await Api.GetAsync("/v1/users/weibo/users" + back.Query);
        Assert.That((await HttpExtensions.ReadJsonAsync(response)).Code(), Is.EqualTo(10112));
    }

    [Test]
    public async Task Login_CSRF_a_callback_link_started_by_someone_else_signs_nobody_in()
    {
        // The attacker starts the flow with their own Weibo account and stops at callback.html?code&state.
        var attackersWeibo = FakeWeiboUser.New();
        var (code, state) = await ApprovedAsync(attackersWeibo);
        var before = Weibo.TokenRequests;

        // The victim's browser opens the link: its front end has no nonce for that state, or the one of its own flow.
        var withoutNonce = await CallbackAsync(code, state, nonce: null);
        var victimsState = QueryHelpers.ParseQuery(new Uri(await OAuthUrlAsync()).Query)["state"].ToString();
        var victimsNonce = _nonces[victimsState];
        var withOtherNonce = await CallbackAsync(code, state, nonce: victimsNonce);

        Assert.Multiple(() =>
        {
            Assert.That(withoutNonce.Code(), Is.EqualTo(10119), withoutNonce.ToString());
            Assert.That(withOtherNonce.Code(), Is.EqualTo(10119), withOtherNonce.ToString());
            Assert.That(Weibo.TokenRequests, Is.EqualTo(before), "Weibo is not even asked");
        });
        // The attacker's own front end, with its nonce, still completes (the state was not used up by the refusals).
        Assert.That((await CallbackAsync(code, state)).Code(), Is.EqualTo(201));
    }

    [Test]
    public async Task State_flood_authorization_is_rate_limited_per_address()
    {
        await using var limited = await WeiboTestHost.StartAsync(Backend.Embedded, settings: new Dictionary<string, string?> { ["Weibo:AuthorizationsPerMinutePerIp"] = "3" });
        var codes = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await limited.Api.GetAsync("/v1/users/weibo/authorization");
            codes.Add((await HttpExtensions.ReadJsonAsync(response)).Code());
        }
        Assert.That(codes, Is.EqualTo(new[] { 200, 200, 200, 10116, 10116 }));
    }

    [Test]
    public async Task Unknown_and_replayed_states_are_refused_before_Weibo_is_called()
    {
        var weiboUser = FakeWeiboUser.New();
        var (code, state) = await ApprovedAsync(weiboUser);
        var before = Weibo.TokenRequests;
        Assert.Multiple(async () =>
        {
            Assert.That((await CallbackAsync(code, null)).Code(), Is.EqualTo(10119));
            Assert.That((await CallbackAsync(code, "forged")).Code(), Is.EqualTo(10119));
            Assert.That((await CallbackAsync(code, new string('A', 43))).Code(), Is.EqualTo(10119));
            Assert.That((await CallbackAsync(code, state, nonce: "not-the-nonce")).Code(), Is.EqualTo(10119));
        });
        Assert.That(Weibo.TokenRequests, Is.EqualTo(before));

        Assert.That((await CallbackAsync(code, state)).Code(), Is.EqualTo(201));
        var (otherCode, _) = await ApprovedAsync(weiboUser);
        var replayed = await CallbackAsync(otherCode, state);
        Assert.That(replayed.Code(), Is.EqualTo(10119), replayed.ToString());
        Assert.That(replayed.ErrorMessage(), Is.Not.Empty);
    }

    [Test]
    public async Task Token_errors_and_timeouts_are_10113_and_never_retried()
    {
        foreach (var answer in new[] { FakeWeiboAnswer.WeiboError(21325, "invalid_grant"), FakeWeiboAnswer.Http(500), FakeWeiboAnswer.Slow(TimeSpan.FromSeconds(5)) })
        {
            var (code, state) = await ApprovedAsync(FakeWeiboUser.New());
            var before = Weibo.TokenRequests;
            Weibo.ScriptToken(answer);
            var body = await CallbackAsync(code, state);
            Assert.That(body.Code(), Is.EqualTo(10113), $"{answer}: {body}");
            Assert.That(Weibo.TokenRequests - before, Is.EqualTo(1), $"{answer}: sent once");
        }

        // A code that was already exchanged, with a fresh state: Weibo answers 21325.
        var user = FakeWeiboUser.New();
        var (usedCode, firstState) = await ApprovedAsync(user);
        Assert.That((await CallbackAsync(usedCode, firstState)).Code(), Is.EqualTo(201));
        var (_, freshState) = await ApprovedAsync(user);
        Assert.That((await CallbackAsync(usedCode, freshState)).Code(), Is.EqualTo(10113));
    }

    [Test]
    public async Task Forged_expired_reused_tickets_and_raw_uids_are_10119()
    {
        var weiboUser = FakeWeiboUser.New();
        var ticket = await TicketAsync(weiboUser);
        var account = await NewAccountAsync();
        var tampered = ticket[..^3] + (ticket[^3] == 'A' ? 'B' : 'A') + ticket[^2..];

        foreach (var uid in new object?[] { weiboUser.Uid, long.Parse(weiboUser.Uid, System.Globalization.CultureInfo.InvariantCulture), "forged-ticket", tampered, "", null })
        {
            var body = await BindAsync(uid, account);
            Assert.That(body.Code(), Is.EqualTo(10119), $"uid {uid}: {body}");
        }
        Assert.That(await _host.UserAsync(account.Username), Is.Null);
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.Null);

        Assert.That((await BindAsync(ticket, account)).Code(), Is.EqualTo(200));
        var reused = await BindAsync(ticket, await NewAccountAsync());
        Assert.That(reused.Code(), Is.EqualTo(10119), "a ticket binds once");

        var late = await TicketAsync(FakeWeiboUser.New());
        _host.Factory.FakeTime!.Advance(TimeSpan.FromMinutes(11));
        var expired = await BindAsync(late, await NewAccountAsync());
        Assert.That(expired.Code(), Is.EqualTo(10119), "a ticket lasts 10 minutes");
    }

    [Test]
    public async Task A_wrong_SMS_code_is_10112_and_the_ticket_may_be_used_again()
    {
        var weiboUser = FakeWeiboUser.New();
        var ticket = await TicketAsync(weiboUser);
        var account = await NewAccountAsync();
        var wrong = await BindAsync(ticket, account, code: account.Code == "000000" ? "111111" : "000000");
        Assert.That(wrong.Code(), Is.EqualTo(10112), wrong.ToString());
        Assert.That(await _host.UserAsync(account.Username), Is.Null);

        var right = await BindAsync(ticket, account);
        Assert.That(right.Code(), Is.EqualTo(200), right.ToString());
    }

    [Test]
    public async Task Invalid_fields_are_10118_naming_the_field_and_taken_ones_10117()
    {
        var ticket = await TicketAsync(FakeWeiboUser.New());
        var account = await NewAccountAsync();

        var badName = await BindAsync(ticket, account with { Username = "a b<script>" });
        Assert.That(badName.Code(), Is.EqualTo(10118));
        Assert.That(badName.ErrorMessage(), Does.StartWith("username:"));
        var badEmail = await BindAsync(ticket, account with { Email = "not-an-email" });
        Assert.That(badEmail.Code(), Is.EqualTo(10118));
        Assert.That(badEmail.ErrorMessage(), Does.StartWith("email:"));

        var first = await BindAsync(await TicketAsync(FakeWeiboUser.New()), account);
        Assert.That(first.Code(), Is.EqualTo(200), first.ToString());
        var taken = await BindAsync(ticket, await NewAccountAsync() with { Username = account.Username });
        Assert.That(taken.Code(), Is.EqualTo(10117), taken.ToString());
        Assert.That(taken.ErrorMessage(), Does.StartWith("username:"));
    }

    [Test]
    public async Task Two_simultaneous_binds_of_one_Weibo_account_leave_exactly_one_link()
    {
        var weiboUser = FakeWeiboUser.New();
        var tickets = new[] { await TicketAsync(weiboUser), await TicketAsync(weiboUser) };
        var accounts = new[] { await NewAccountAsync(), await NewAccountAsync() };

        var answers = await Task.WhenAll(BindAsync(tickets[0], accounts[0]), BindAsync(tickets[1], accounts[1]));
        Assert.That(answers.Count(a => a.Code() == 200), Is.EqualTo(1), string.Join(", ", answers));
        var winner = answers[0].Code() == 200 ? 0 : 1;
        Assert.That(answers[1 - winner].Code(), Is.EqualTo(10117), answers[1 - winner].ToString());

        var user = await _host.UserAsync(accounts[winner].Username);
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.EqualTo(user!.Id));
        Assert.That(await _host.UserAsync(accounts[1 - winner].Username), Is.Null);
    }

    [Test]
    public async Task One_ticket_sent_twice_at_once_binds_once()
    {
        var weiboUser = FakeWeiboUser.New();
        var ticket = await TicketAsync(weiboUser);
        var accounts = new[] { await NewAccountAsync(), await NewAccountAsync() };

        var answers = await Task.WhenAll(BindAsync(ticket, accounts[0]), BindAsync(ticket, accounts[1]));
        Assert.That(answers.Select(a => a.Code()).Order(), Is.EqualTo(OneBindOneRefusal), string.Join(", ", answers));
        var winner = answers[0].Code() == 200 ? 0 : 1;
        Assert.That(await _host.UserAsync(accounts[1 - winner].Username), Is.Null);
    }

    [Test]
    public async Task A_failure_in_the_middle_of_a_bind_is_10114_and_leaves_nothing()
    {
        var weiboUser = FakeWeiboUser.New();
        var ticket = await TicketAsync(weiboUser);
        var account = await NewAccountAsync();

        _host.Fault.Arm();
        var failed = await BindAsync(ticket, account);
        Assert.That(failed.Code(), Is.EqualTo(10114), failed.ToString());
        Assert.That(_host.Fault.Failures, Is.GreaterThan(0));
        Assert.That(await _host.UserAsync(account.Username), Is.Null);
        Assert.That((await _host.ProfileAsync(weiboUser))!.UserId, Is.Null);

        var retried = await BindAsync(ticket, account);
        Assert.That(retried.Code(), Is.EqualTo(200), retried.ToString());
    }

    [TestCase("not json")]
    [TestCase("[1]")]
    public async Task A_body_that_is_not_a_JSON_object_is_HTTP_400(string content)
    {
        var (status, body) = await Api.PostRawAsync("/v1/users/weibo/users", content);
        Assert.That(status, Is.EqualTo(400), body.ToString());
        Assert.That(body.ErrorMessage(), Is.Not.Empty);
    }

    [Test]
    public async Task Logs_never_hold_codes_tokens_tickets_or_passwords()
    {
        var weiboUser = FakeWeiboUser.New();
        var ticket = await TicketAsync(weiboUser);
        var account = await NewAccountAsync();
        var bound = await BindAsync(ticket, account);
        Assert.That(bound.Code(), Is.EqualTo(200));
        var (code, state) = await ApprovedAsync(weiboUser);
        var again = await CallbackAsync(code, state);
        Assert.That(again.Code(), Is.EqualTo(200));

        var logs = string.Join('\n', _host.Factory.Logs);
        Assert.Multiple(() =>
        {
            foreach (var secret in Weibo.Secrets)
                Assert.That(logs, Does.Not.Contain(secret));
            Assert.That(logs, Does.Not.Contain(ticket));
            Assert.That(logs, Does.Not.Contain(state));
            Assert.That(logs, Does.Not.Contain(TestData.Password));
            Assert.That(logs, Does.Not.Contain(bound.GetProperty("token").GetString()!));
            Assert.That(logs, Does.Not.Contain(account.Code));
            Assert.That(logs, Does.Not.Contain(FakeWeiboServer.ClientSecret));
        });
    }
}
