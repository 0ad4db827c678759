using Dashop.Web.Tests.Support;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>The bind page after "Log in with Alipay" (<see cref="ProviderBindTests"/>), against the fake Alipay gateway.</summary>
public sealed class AlipayBindTests() : ProviderBindTests(Backend.Embedded)
{
    private FakeAlipayServer _alipay = null!;

    protected override string Provider => "alipay";

    protected override string ProviderName => "Alipay";

    protected override async Task<IDictionary<string, string?>> StartProviderAsync()
    {
        _alipay = await FakeAlipayServer.StartAsync();
        return _alipay.Settings();
    }

    protected override ValueTask StopProviderAsync() => _alipay.DisposeAsync();

    protected override (string Subject, Func<string, Task<Uri>> Approve) NewPerson()
    {
        var user = FakeAlipayUser.New();
        return (user.Subject, authorize => _alipay.ApproveAsync(authorize, user));
    }
}
