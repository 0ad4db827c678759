using Dashop.Web.Tests.Support;
using Dashop.Web.Tests.Fakes;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// The bind page after "Log in with WeChat" by QR code (<see cref="ProviderBindTests"/>), against the fake WeChat; on every
/// backend, as the shared flow and its rules are the same for each provider (QQ and Alipay run on the embedded one).
/// </summary>
[TestFixture(Backend.Embedded)]
[TestFixture(Backend.Postgres, Category = TestCategories.Servers)]
[TestFixture(Backend.Cluster, Category = TestCategories.Servers)]
public sealed class WeChatBindTests(Backend backend) : ProviderBindTests(backend)
{
    private FakeWeChatServer _wechat = null!;

    protected override string Provider => "wechat";

    protected override string ProviderName => "WeChat";

    protected override async Task<IDictionary<string, string?>> StartProviderAsync()
    {
        _wechat = await FakeWeChatServer.StartAsync();
        return _wechat.Settings();
    }

    protected override ValueTask StopProviderAsync() => _wechat.DisposeAsync();

    protected override (string Subject, Func<string, Task<Uri>> Approve) NewPerson()
    {
        var person = FakeWeChatPerson.New();
        return (FakeWeChatServer.OpenId(FakeWeChatServer.QrAppId, person), authorize => _wechat.ApproveAsync(authorize, person));
    }
}
