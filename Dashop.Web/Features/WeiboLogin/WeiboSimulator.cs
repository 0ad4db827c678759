using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashop.Web.Infrastructure;
using Dashop.Web.Infrastructure.Caching;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.WeiboLogin;

/// <summary>
/// Development's stand-in for api.weibo.com (served at /dev/weibo only in Development), so the real OAuth handler and
/// <see cref="WeiboClient"/> run with no Weibo account. Codes are single use; access tokens are Data Protection values.
/// </summary>
public sealed class WeiboSimulator(
    IDistributedCache cache,
    IAtomicStore atomic,
    IDataProtectionProvider dataProtection,
    IOptions<WeiboOptions> weibo,
    IOptions<AppOptions> app,
    TimeProvider time)
{
    public const string BasePath = "/dev/weibo";
    public const string ClientId = "3000000001";
    public const string ClientSecret = "dashop-weibo-simulator-secret";
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(157_679_999);

    public static readonly IReadOnlyList<SimulatedAccount> Accounts =
    [
        new("1000000001", "微博测试一"),
        new("1000000002", "Weibo Tester Two"),
        new("1000000003", "小红书迷"),
    ];

    private readonly IDataProtector _tokens = dataProtection.CreateProtector("Dashop.Weibo.Simulator.Token.v1");

    /// <summary>True when <paramref name="options"/> were pointed at the simulator by <see cref="PointAt"/>.</summary>
    public static bool IsPointedAt(WeiboOptions options) => options.ClientId == ClientId && options.ClientSecret == ClientSecret;

    /// <summary>The simulator's endpoints under the site's public address, for <see cref="WeiboOptions"/>.</summary>
    public static void PointAt(WeiboOptions options, string publicBaseUrl)
    {
        var root = publicBaseUrl.TrimEnd('/') + BasePath;
        options.ClientId = ClientId;
        options.ClientSecret = ClientSecret;
        options.AuthorizationEndpoint = root + "/oauth2/authorize";
        options.TokenEndpoint = root + "/oauth2/access_token";
        options.UserInformationEndpoint = root + "/2/users/show.json";
    }

    /// <summary>A typed-in name always gets the same uid, so a second login finds the same Weibo account.</summary>
    public static SimulatedAccount Named(string name)
    {
        var trimmed = name.Trim();
        if (Accounts.FirstOrDefault(a => a.ScreenName == trimmed) is { } known)
            return known;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(trimmed));
        var uid = 5_000_000_000 + BinaryPrimitives.ReadUInt32BigEndian(hash) % 1_000_000_000;
        return new SimulatedAccount(uid.ToString(CultureInfo.InvariantCulture), trimmed);
    }

    public static SimulatedAccount? Find(string? uid, string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= 30 ? Named(name)
        : Accounts.FirstOrDefault(a => a.Uid == uid);

    /// <summary>Weibo's own checks on an authorize request; null when it may go on.</summary>
    public string? AuthorizeProblem(string? clientId, string? responseType, string? redirectUri, HttpRequest request)
    {
        if (clientId != ClientId)
            return "invalid_client: unknown client_id (21324)";
        if (responseType is not null and not "code")
            return "unsupported_response_type (21329)";
        return RedirectAllowed(redirectUri, request) ? null : "redirect_uri_mismatch (21322)";
    }

    public async Task<string> IssueCodeAsync(SimulatedAccount account, string redirectUri, CancellationToken cancellationToken)
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var grant = JsonSerializer.SerializeToUtf8Bytes(new CodeGrant(account.Uid, account.ScreenName, redirectUri));
        await cache.SetAsync(CodeKey(code), grant, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = CodeLifetime }, cancellationToken);
        return code;
    }

    /// <summary>POST oauth2/access_token: the form Weibo takes, the answers Weibo gives.</summary>
    public async Task<SimulatorAnswer> ExchangeAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        const string Request = "/oauth2/access_token";
        if (string.IsNullOrEmpty(form["client_id"]) || string.IsNullOrEmpty(form["client_secret"]))
            return SimulatorAnswer.Error(21323, "invalid_request", "miss client id or secret", Request);
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            return SimulatorAnswer.Error(21324, "invalid_client", "client id or client secret is invalid", Request);
        if (form["grant_type"] != "authorization_code")
            return SimulatorAnswer.Error(21328, "unsupported_grant_type", "unsupported grant type", Request);

        var code = form["code"].ToString();
        var grant = code.Length is > 0 and <= 64 ? await cache.GetAsync(CodeKey(code), cancellationToken) : null;
        if (grant is null || (await atomic.TryClaimAsync(CodeKey(code) + ":used", CodeLifetime, [], [])).Outcome != ClaimOutcome.Claimed)
            return SimulatorAnswer.Error(21325, "invalid_grant", "invalid authorization code", Request);
        await cache.RemoveAsync(CodeKey(code), cancellationToken);

        var granted = JsonSerializer.Deserialize<CodeGrant>(grant)!;
        if (form["redirect_uri"] != granted.RedirectUri)
            return SimulatorAnswer.Error(21322, "redirect_uri_mismatch", "redirect_uri does not match the one of the authorization", Request);

        var now = time.GetUtcNow();
        var token = _tokens.Protect(JsonSerializer.Serialize(new SimulatedToken(granted.Uid, granted.ScreenName, now.ToUnixTimeSeconds(), (now + TokenLifetime).ToUnixTimeSeconds())));
        var seconds = (long)TokenLifetime.TotalSeconds;
        return new SimulatorAnswer(StatusCodes.Status200OK, new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["remind_in"] = seconds.ToString(CultureInfo.InvariantCulture),
            ["expires_in"] = seconds,
            ["uid"] = granted.Uid,
            ["isRealName"] = "true",
        });
    }

    /// <summary>GET 2/users/show.json?access_token&amp;uid.</summary>
    public SimulatorAnswer Show(string? accessToken, string? uid)
    {
        const string Request = "/2/users/show.json";
        if (ReadToken(accessToken) is not { } token)
            return SimulatorAnswer.Error(21332, "invalid_access_token", "invalid access token", Request);
        var account = uid == token.Uid ? new SimulatedAccount(token.Uid, token.ScreenName) : Accounts.FirstOrDefault(a => a.Uid == uid);
        if (account is null)
            return SimulatorAnswer.Error(20003, "User does not exists!", "user does not exist", Request);

        var avatar = $"{app.Value.PublicBaseUrl.TrimEnd('/')}{BasePath}/avatar/{account.Uid}.svg";
        return new SimulatorAnswer(StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            ["id"] = long.Parse(account.Uid, CultureInfo.InvariantCulture),
            ["idstr"] = account.Uid,
            ["screen_name"] = account.ScreenName,
            ["name"] = account.ScreenName,
            ["province"] = "11",
            ["city"] = "5",
            ["location"] = "北京 朝阳区",
            ["description"] = "Dashop Weibo simulator",
            ["url"] = "",
            ["profile_image_url"] = avatar,
            ["avatar_large"] = avatar,
            ["avatar_hd"] = avatar,
            ["domain"] = "",
            ["gender"] = "n",
            ["followers_count"] = 0,
            ["friends_count"] = 0,
            ["statuses_count"] = 0,
            ["created_at"] = "Fri Aug 28 00:00:00 +0800 2009",
            ["verified"] = false,
        });
    }

    /// <summary>POST oauth2/get_token_info.</summary>
    public SimulatorAnswer TokenInfo(string? accessToken)
    {
        if (ReadToken(accessToken) is not { } token)
            return SimulatorAnswer.Error(21332, "invalid_access_token", "invalid access token", "/oauth2/get_token_info");
        return new SimulatorAnswer(StatusCodes.Status200OK, new Dictionary<string, object?>
        {
            ["uid"] = long.Parse(token.Uid, CultureInfo.InvariantCulture),
            ["appkey"] = long.Parse(ClientId, CultureInfo.InvariantCulture),
            ["scope"] = null,
            ["create_at"] = token.CreatedAt,
            ["expire_in"] = Math.Max(0, token.ExpiresAt - time.GetUtcNow().ToUnixTimeSeconds()),
        });
    }

    /// <summary>Where Weibo sends the browser back: the site's own callback, or the front end's registered page.</summary>
    private bool RedirectAllowed(string? redirectUri, HttpRequest request)
    {
        if (!Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return false;
        if (redirectUri == weibo.Value.FrontEndCallbackUrl)
            return true;
        var site = new Uri(app.Value.PublicBaseUrl);
        return uri.AbsolutePath == WeiboDefaults.CallbackPath
            && (string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase) || string.Equals(uri.Authority, site.Authority, StringComparison.OrdinalIgnoreCase));
    }

    private SimulatedToken? ReadToken(string? accessToken)
    {
        if (string.IsNullOrEmpty(accessToken) || accessToken.Length > 1024)
            return null;
        try
        {
            var token = JsonSerializer.Deserialize<SimulatedToken>(_tokens.Unprotect(accessToken));
            return token is not null && token.ExpiresAt > time.GetUtcNow().ToUnixTimeSeconds() ? token : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }

    private static string CodeKey(string code) => $"weibo-simulator:code:{code}";

    private sealed record CodeGrant(string Uid, string ScreenName, string RedirectUri);

    private sealed record SimulatedToken(string Uid, string ScreenName, long CreatedAt, long ExpiresAt);
}
