using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Tests.Fakes;
using Dashop.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashop.Web.Tests.WeiboLogin;

/// <summary>A fixture's Dashop host, wired to a fake Weibo and a fake Ronglian, with the link-failure interceptor in its DbContext.</summary>
public sealed class WeiboTestHost : IAsyncDisposable
{
    public const string FrontEndCallback = "http://localhost:7000/dadashop/templates/callback.html";

    public required FakeRonglianServer Ronglian { get; init; }
    public required FakeWeiboServer Weibo { get; init; }
    public required DashopFactory Factory { get; init; }
    public required WebApplicationFactory<Program> App { get; init; }
    public required FailingLinkInterceptor Fault { get; init; }

    /// <summary>A JSON client for /v1, in English.</summary>
    public required HttpClient Api { get; init; }

    public static async Task<WeiboTestHost> StartAsync(Backend backend, bool fakeTime = false, IDictionary<string, string?>? settings = null)
    {
        var ronglian = await FakeRonglianServer.StartAsync();
        var weibo = await FakeWeiboServer.StartAsync();
        var all = weibo.Settings(FrontEndCallback);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var factory = new DashopFactory(backend, ronglian, all, fakeTime: fakeTime);
        var fault = new FailingLinkInterceptor();
        var app = fault.AddTo(factory);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return new WeiboTestHost { Ronglian = ronglian, Weibo = weibo, Factory = factory, App = app, Fault = fault, Api = api };
    }

    public void AssertNoProtocolErrors()
    {
        Assert.That(Weibo.Rejections, Is.Empty, "the fake Weibo refused a request as malformed");
        Assert.That(Ronglian.Rejections, Is.Empty, "the fake Ronglian refused a request as malformed");
    }

    /// <summary>Asks for an SMS code for a new phone number, as the "send code" button does: the phone and the code it got.</summary>
    public async Task<(string Phone, string Code)> SmsCodeAsync()
    {
        var phone = TestData.Phone();
        var (_, sent) = await Api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(sent.Code(), Is.EqualTo(200), sent.ToString());
        return (phone, await Ronglian.WaitForCodeAsync(phone));
    }

    public async Task<T> QueryAsync<T>(Func<DashopDbContext, Task<T>> query)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<DashopDbContext>());
    }

    public Task<Features.ExternalLogin.ExternalAccount?> ProfileAsync(FakeWeiboUser user) =>
        QueryAsync(db => db.Set<Features.ExternalLogin.ExternalAccount>().AsNoTracking().SingleOrDefaultAsync(w => w.Subject == user.Uid));

    public Task<DashopUser?> UserAsync(string username) =>
        QueryAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == username));

    public bool ActivationEmailSentTo(string email)
    {
        var inbox = Path.Combine(Factory.DataPath, "inbox");
        return Directory.Exists(inbox) && Directory.GetFiles(inbox, "*.eml").Any(f => Read(f).Contains(email, StringComparison.Ordinal));

        // The dev inbox may be writing the file right now: then it does not count yet.
        static string Read(string file)
        {
            try
            {
                return File.ReadAllText(file);
            }
            catch (IOException)
            {
                return "";
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await Factory.DisposeAsync();
        await Weibo.DisposeAsync();
        await Ronglian.DisposeAsync();
    }
}
