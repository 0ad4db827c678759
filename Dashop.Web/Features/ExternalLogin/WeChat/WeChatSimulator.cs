using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.WeChat;

/// <summary>
/// Development's stand-in for open.weixin.qq.com and api.weixin.qq.com (served at /dev/wechat only in Development), so the
/// real OAuth handler runs with no WeChat account, over HTTP, with WeChat's answers: JSON sent as text/plain with HTTP 200,
/// errors as <c>{errcode, errmsg}</c>. A simulated person has one openid per app and one unionid, as on WeChat.
/// </summary>
public sealed class WeChatSimulator(
    IDistributedCache cache,
    IAtomicStore atomic,
    IDataProtectionProvider dataProtection,
    IOptions<AppOptions> app,
    TimeProvider time)
{
    public const string BasePath = "/dev/wechat";
    public const string QrAppId = "wx5dashop0simqr01";
    public const string QrAppSecret = "dashop-wechat-simulator-qr-secret";
    public const string InAppAppId = "wx5dashop0simoa01";
    public const string InAppAppSecret = "dashop-wechat-simulator-oa-secret";
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(2);

    public static readonly IReadOnlyList<string> People = ["微信测试一", "WeChat Tester Two", "爱购物的小王"];

    private readonly IDataProtector _tokens = dataProtection.CreateProtector("Dashop.WeChat.Simulator.Token.v1");

    /// <summary>The simulator's apps and endpoints under the site's public address, for <see cref="WeChatOptions"/>.</summary>
    public static void PointAt(WeChatOptions options, string publicBaseUrl)
    {
        var root = publicBaseUrl.TrimEnd('/') + BasePath;
        options.AppId = QrAppId;
        options.AppSecret = QrAppSecret;
        options.OfficialAccount = new WeChatOfficialAccountOptions { AppId = InAppAppId, AppSecret = InAppAppSecret };
        options.AuthorizationEndpoint = root + "/connect/qrconnect";
        options.InAppAuthorizationEndpoint = root + "/connect/oauth2/authorize";
        options.TokenEndpoint = root + "/sns/oauth2/access_token";
        options.UserInformationEndpoint = root + "/sns/userinfo";
    }

    /// <summary>A person's openid in one app: the same name always gets the same ids.</summary>
    public static string OpenId(string appId, string name) => "o" + Hash(appId + ":" + name)[..27];

    public static string UnionId(string name) => "u" + Hash("union:" + name)[..27];

    /// <summary>WeChat's own checks on an authorize request; null when it may go on.</summary>
    public static string? AuthorizeProblem(string? appId, string? responseType, string? scope, string? redirectUri, HttpRequest request, string publicBaseUrl)
    {
        var expectedScope = appId == QrAppId ? WeChatDefaults.QrScope : appId == InAppAppId ? WeChatDefaults.InAppScope : null;
        if (expectedScope is null)
            return "appid 参数错误 (40013 invalid appid)";
        if (responseType != "code" || scope != expectedScope)
            return "scope 参数错误或没有 scope 权限 (10005)";
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || uri.AbsolutePath != WeChatDefaults.CallbackPath
            || !(string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
                || string.Equals(uri.Authority, new Uri(publicBaseUrl).Authority, StringComparison.OrdinalIgnoreCase)))
            return "redirect_uri 参数错误 (10003)";
        return null;
    }

    public async Task<string> IssueCodeAsync(string appId, string name, CancellationToken cancellationToken)
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await cache.SetAsync(CodeKey(code), JsonSerializer.SerializeToUtf8Bytes(new Grant(appId, name)),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = CodeLifetime }, cancellationToken);
        return code;
    }

    /// <summary>GET sns/oauth2/access_token?appid&amp;secret&amp;code&amp;grant_type=authorization_code.</summary>
    public async Task<object> ExchangeAsync(IQueryCollection query, CancellationToken cancellationToken)
    {
        var appId = query["appid"].ToString();
        var secret = appId == QrAppId ? QrAppSecret : appId == InAppAppId ? InAppAppSecret : null;
        if (secret is null)
            return Error(40013, "invalid appid");
        if (query["secret"] != secret)
            return Error(40125, "invalid appsecret");
        if (query["grant_type"] != "authorization_code")
            return Error(40002, "invalid grant_type");
        var code = query["code"].ToString();
        var grant = code.Length is > 0 and <= 64 ? await cache.GetAsync(CodeKey(code), cancellationToken) : null;
        if (grant is null)
            return Error(40029, "invalid code");
        if ((await atomic.TryClaimAsync(CodeKey(code) + ":used", CodeLifetime, [], [])).Outcome != ClaimOutcome.Claimed)
            return Error(40163, "code been used");
        var granted = JsonSerializer.Deserialize<Grant>(grant)!;
        if (granted.AppId != appId)
            return Error(40029, "invalid code");
        var openId = OpenId(appId, granted.Name);
        var expires = time.GetUtcNow() + TokenLifetime;
        return new Dictionary<string, object>
        {
            ["access_token"] = _tokens.Protect(JsonSerializer.Serialize(new Token(appId, granted.Name, expires.ToUnixTimeSeconds()))),
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["refresh_token"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["openid"] = openId,
            ["scope"] = appId == QrAppId ? WeChatDefaults.QrScope : WeChatDefaults.InAppScope,
            ["unionid"] = UnionId(granted.Name),
        };
    }

    /// <summary>GET sns/userinfo?access_token&amp;openid.</summary>
    public object UserInfo(string? accessToken, string? openId)
    {
        if (ReadToken(accessToken) is not { } token)
            return Error(40001, "invalid credential, access_token is invalid or not latest");
        if (openId != OpenId(token.AppId, token.Name))
            return Error(40003, "invalid openid");
        return new Dictionary<string, object>
        {
            ["openid"] = openId,
            ["nickname"] = token.Name,
            ["sex"] = 0,
            ["province"] = "",
            ["city"] = "",
            ["country"] = "CN",
            ["headimgurl"] = $"{app.Value.PublicBaseUrl.TrimEnd('/')}{BasePath}/avatar/{Hash(token.Name)[..8]}.svg",
            ["privilege"] = Array.Empty<string>(),
            ["unionid"] = UnionId(token.Name),
        };
    }

    private Token? ReadToken(string? accessToken)
    {
        if (string.IsNullOrEmpty(accessToken) || accessToken.Length > 2048)
            return null;
        try
        {
            var token = JsonSerializer.Deserialize<Token>(_tokens.Unprotect(accessToken));
            return token is not null && token.ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds() ? token : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, object> Error(int code, string message) => new() { ["errcode"] = code, ["errmsg"] = message };

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string CodeKey(string code) => $"wechat-simulator:code:{code}";

    private sealed record Grant(string AppId, string Name);

    private sealed record Token(string AppId, string Name, long ExpiresAt);
}
