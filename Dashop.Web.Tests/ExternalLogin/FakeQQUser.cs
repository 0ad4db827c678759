using System.Security.Cryptography;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>Someone with a QQ account: their openid for the app (32 hex digits, as QQ's), unionid and nickname.</summary>
public sealed record FakeQQUser(string OpenId, string UnionId, string Nickname)
{
    public static FakeQQUser New(string nickname = "企鹅") =>
        new(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), "UID_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(14)), $"{nickname}{RandomNumberGenerator.GetInt32(10_000)}");

    public string AvatarUrl => $"http://thirdqq.qlogo.cn/g?b=oidb&k={OpenId}&s=40";
}
