
namespace Dashop.Web.Tests.Support;

public static class SmsCodes
{
    /// <summary>Asks <paramref name="factory"/> for a code to a fresh phone through /v1 and reads it from the fake Ronglian.</summary>
    public static async Task<(string Phone, string Code)> NewCodeAsync(this DashopFactory factory, FakeRonglianServer ronglian)
    {
        using var api = factory.CreateClient();
        var phone = TestData.Phone();
        var (_, body) = await api.PostJsonAsync("/v1/users/sms/code", new { phone });
        Assert.That(body.Code(), Is.EqualTo(200));
        return (phone, await ronglian.WaitForCodeAsync(phone));
    }
}
