using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dashop.Web.Features.ExternalLogin.Providers;
using Dashop.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.QQ;

/// <summary>
/// Development's stand-in for graph.qq.com (served at /dev/qq only in Development), so the real OAuth handler and
/// <see cref="QQClient"/> run with no QQ app: QQ's parameters, its checks, and its answer shapes (JSON with <c>fmt=json</c>,
/// else JSONP or a query string, as QQ still answers).
/// </summary>
public sealed class QQSimulator(SimulatorGrants grants, IOptions<AppOptions> app)
{
    public const string BasePath = "/dev/qq";
    public const string ClientId = "101000001";
    public const string ClientSecret = "dashop-qq-simulator-app-key";
    private const string Provider = "QQ";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(90);

    public static readonly IReadOnlyList<SimulatedPerson> People = [Named("QQ测试一"), Named("QQ Tester Two"), Named("企鹅用户")];

    /// <summary>True when <paramref name="options"/> were pointed at the simulator by <see cref="PointAt"/>.</summary>
    public static bool IsPointedAt(QQOptions options) => options.ClientId == ClientId && options.ClientSecret == ClientSecret;

    public static void PointAt(QQOptions options, string publicBaseUrl)
    {
        var root = publicBaseUrl.TrimEnd('/') + BasePath;
        options.ClientId = ClientId;
        options.ClientSecret = ClientSecret;
        options.AuthorizationEndpoint = root + "/oauth2.0/authorize";
        options.TokenEndpoint = root + "/oauth2.0/token";
        options.UserIdentificationEndpoint = root + "/oauth2.0/me";
        options.UserInformationEndpoint = root + "/user/get_user_info";
    }

    /// <summary>A typed-in name is always the same QQ account: its openid (32 hex digits, like QQ's) and unionid come from the name.</summary>
    public static SimulatedPerson Named(string name)
    {
        var trimmed = name.Trim();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("qq:" + trimmed));
        return new SimulatedPerson(Convert.ToHexString(hash, 0, 16), trimmed, "UID_" + Convert.ToHexString(hash, 16, 14));
    }

    public static SimulatedPerson? Find(string? name) => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= 30 ? Named(name) : null;

    /// <summary>QQ's own checks on an authorize request; null when it may go on.</summary>
    public string? AuthorizeProblem(string? responseType, string? clientId, string? redirectUri, HttpRequest request)
    {
        if (responseType != "code")
            return "100000: 缺少参数response_type或response_type非法 (response_type must be code)";
        if (clientId != ClientId)
            return "100008: client_id 不存在 (unknown client_id)";
        return Simulators.RedirectAllowed(redirectUri, QQDefaults.CallbackPath, app.Value.PublicBaseUrl, request) ? null : "100010: 回调地址不合法 (redirect_uri is not the app's)";
    }

    public Task<string> IssueCodeAsync(SimulatedPerson person, string redirectUri, CancellationToken cancellationToken) =>
        grants.IssueCodeAsync(Provider, person, redirectUri, cancellationToken);

    /// <summary>GET oauth2.0/token: QQ's parameters, QQ's errors.</summary>
    public async Task<IReadOnlyDictionary<string, object?>> ExchangeAsync(IQueryCollection query, CancellationToken cancellationToken)
    {
        if (query["grant_type"] != "authorization_code")
            return Error(100001, "invalid grant_type");
        if (query["client_id"] != ClientId)
            return Error(100008, "client id is illegal");
        if (query["client_secret"] != ClientSecret)
            return Error(100009, "client secret is illegal");
        var granted = await grants.RedeemCodeAsync(Provider, query["code"], cancellationToken);
        if (granted is null)
            return Error(100020, "code is reused error");
        if (query["redirect_uri"] != granted.Value.RedirectUri)
            return Error(100010, "redirect uri is illegal");
        return new Dictionary<string, object?>
        {
            ["access_token"] = grants.IssueToken(Provider, granted.Value.Person, TokenLifetime),
            ["expires_in"] = ((long)TokenLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["refresh_token"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
        };
    }

    /// <summary>GET oauth2.0/me: the app's id, the openid, and the unionid when asked for.</summary>
    public IReadOnlyDictionary<string, object?> Me(string? accessToken, bool withUnionId)
    {
        if (grants.ReadToken(Provider, accessToken) is not { } person)
            return Error(100016, "access token check failed");
        var answer = new Dictionary<string, object?> { ["client_id"] = ClientId, ["openid"] = person.Subject };
        if (withUnionId)
            answer["unionid"] = person.UnionId;
        return answer;
    }

    /// <summary>GET user/get_user_info: <c>ret</c> 0 and the profile, or <c>ret</c> and <c>msg</c>.</summary>
    public IReadOnlyDictionary<string, object?> UserInfo(string? accessToken, string? consumerKey, string? openId)
    {
        if (consumerKey != ClientId)
            return new Dictionary<string, object?> { ["ret"] = 100008, ["msg"] = "client_id is illegal" };
        if (grants.ReadToken(Provider, accessToken) is not { } person)
            return new Dictionary<string, object?> { ["ret"] = 100016, ["msg"] = "access token check failed" };
        if (openId != person.Subject)
            return new Dictionary<string, object?> { ["ret"] = 1002, ["msg"] = "openid is invalid" };
        var avatar = $"{app.Value.PublicBaseUrl.TrimEnd('/')}{BasePath}/avatar/{person.Subject}.svg";
        return new Dictionary<string, object?>
        {
            ["ret"] = 0,
            ["msg"] = "",
            ["is_lost"] = 0,
            ["nickname"] = person.Name,
            ["gender"] = "男",
            ["gender_type"] = 1,
            ["province"] = "广东",
            ["city"] = "深圳",
            ["year"] = "1990",
            ["figureurl"] = avatar,
            ["figureurl_1"] = avatar,
            ["figureurl_2"] = avatar,
            ["figureurl_qq_1"] = avatar,
            ["figureurl_qq_2"] = avatar,
            ["is_yellow_vip"] = "0",
            ["vip"] = "0",
            ["level"] = "0",
        };
    }

    private static Dictionary<string, object?> Error(int code, string description) =>
        new() { ["error"] = code, ["error_description"] = description };
}
