namespace Dashop.Web.Tests.Fakes;

/// <summary>A WeChat user of the fake: one openid per app, and a unionid across them unless <paramref name="HasUnionId"/> is false.</summary>
public sealed record FakeWeChatPerson(string Name, bool HasUnionId = true)
{
    public static FakeWeChatPerson New() => new("微信用户" + Guid.NewGuid().ToString("N")[..8]);
}
