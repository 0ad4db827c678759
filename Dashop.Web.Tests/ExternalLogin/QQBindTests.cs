using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>The bind page after "Log in with QQ" (<see cref="ProviderBindTests"/>), against the fake QQ.</summary>
public sealed class QQBindTests() : ProviderBindTests(Backend.Embedded)
{
    private FakeQQServer _qq = null!;

    protected override string Provider => "qq";

    protected override string ProviderName => "QQ";

    protected override async Task<IDictionary<string, string?>> StartProviderAsync()
    {
        _qq = await FakeQQServer.StartAsync();
        return _qq.Settings();
    }

    protected override ValueTask StopProviderAsync() => _qq.DisposeAsync();

    protected override (string Subject, Func<string, Task<Uri>> Approve) NewPerson()
    {
        var user = FakeQQUser.New();
        return (user.OpenId, authorize => _qq.ApproveAsync(authorize, user));
    }
}
