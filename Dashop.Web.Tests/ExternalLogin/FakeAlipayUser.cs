using System.Globalization;
using System.Security.Cryptography;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>Someone with an Alipay account: a 16-digit user_id (2088...), or for an app on open ids an open_id, and a nickname.</summary>
public sealed record FakeAlipayUser(string? UserId, string? OpenId, string NickName)
{
    public static FakeAlipayUser New(string name = "支付宝用户") =>
        new("2088" + RandomNumberGenerator.GetInt32(100_000_000).ToString("D8", CultureInfo.InvariantCulture) + RandomNumberGenerator.GetInt32(10_000).ToString("D4", CultureInfo.InvariantCulture),
            null, $"{name}{RandomNumberGenerator.GetInt32(10_000)}");

    public static FakeAlipayUser OnOpenId(string name = "蚂蚁") =>
        new(null, "074a" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(33)).Replace('+', 'x').Replace('/', 'y'), $"{name}{RandomNumberGenerator.GetInt32(10_000)}");

    public string Subject => UserId ?? OpenId!;

    public string AvatarUrl => $"https://tfs.alipayobjects.com/images/partner/T1{Subject[^6..]}XXXXXXXX";
}
