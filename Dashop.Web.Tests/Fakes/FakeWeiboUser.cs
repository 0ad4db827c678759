using System.Globalization;
using System.Security.Cryptography;

namespace Dashop.Web.Tests.Fakes;

/// <summary>Someone with a Weibo account.</summary>
public sealed record FakeWeiboUser(string Uid, string ScreenName)
{
    private static long _next = 2_000_000_000 + RandomNumberGenerator.GetInt32(100_000_000);

    /// <summary>A Weibo account no other test uses.</summary>
    public static FakeWeiboUser New(string name = "微博用户") =>
        new(Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture), $"{name}{_next % 10_000}");

    public string AvatarUrl => $"http://tva1.sinaimg.cn/crop.0.0.180.180.50/{Uid}.jpg";
}
