using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashop.Web.Features.ExternalLogin.Providers;
using Dashop.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Dashop.Web.Features.ExternalLogin.Alipay;

/// <summary>
/// Development's stand-in for openauth.alipay.com and the open-platform gateway (served at /dev/alipay only in Development),
/// so the real OAuth handler and <see cref="AlipayClient"/> run with no Alipay app. Two RSA key pairs are made at start: the
/// app's (its private key handed to the handler, its public key checking every request's signature) and "Alipay's" (signing
/// every answer, its public key handed to the handler), so both directions of RSA2 are exercised.
/// </summary>
public sealed class AlipaySimulator : IDisposable
{
    public const string BasePath = "/dev/alipay";
    public const string AppId = "2021000000000001";
    private const string Provider = "Alipay";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(15);

    public static readonly IReadOnlyList<SimulatedPerson> People = [Named("支付宝测试一"), Named("Alipay Tester Two"), Named("蚂蚁用户")];

    /// <summary>Alipay writes Chinese as is, not as \u escapes (the signature covers the text either way).</summary>
    private static readonly JsonSerializerOptions AlipayJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly RSA _appKey = RSA.Create(2048);
    private readonly RSA _alipayKey = RSA.Create(2048);
    private readonly SimulatorGrants _grants;
    private readonly IOptions<AppOptions> _app;
    private readonly TimeProvider _time;

    public AlipaySimulator(SimulatorGrants grants, IOptions<AppOptions> app, TimeProvider time)
    {
        _grants = grants;
        _app = app;
        _time = time;
        AppPrivateKey = _appKey.ExportPkcs8PrivateKeyPem();
        AlipayPublicKey = AlipayKeys.Bare(_alipayKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The app's private key (PEM), for <see cref="AlipayOptions.PrivateKey"/>.</summary>
    public string AppPrivateKey { get; }

    /// <summary>The simulated Alipay's public key (bare base64, as Alipay's console shows it), for <see cref="AlipayOptions.PublicKey"/>.</summary>
    public string AlipayPublicKey { get; }

    public static bool IsPointedAt(AlipayOptions options) => options.AppId == AppId;

    public void PointAt(AlipayOptions options, string publicBaseUrl)
    {
        var root = publicBaseUrl.TrimEnd('/') + BasePath;
        options.AppId = AppId;
        options.PrivateKey = AppPrivateKey;
        options.PublicKey = AlipayPublicKey;
        options.AuthorizationEndpoint = root + "/oauth2/publicAppAuthorize.htm";
        options.GatewayEndpoint = root + "/gateway.do";
    }

    /// <summary>A typed-in name is always the same Alipay account: its 16-digit user_id (2088...) comes from the name.</summary>
    public static SimulatedPerson Named(string name)
    {
        var trimmed = name.Trim();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("alipay:" + trimmed));
        var number = BitConverter.ToUInt64(hash, 0) % 1_000_000_000_000UL;
        return new SimulatedPerson("2088" + number.ToString("D12", CultureInfo.InvariantCulture), trimmed);
    }

    public static SimulatedPerson? Find(string? name) => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= 30 ? Named(name) : null;

    public string? AuthorizeProblem(string? appId, string? scope, string? redirectUri, HttpRequest request)
    {
        if (appId != AppId)
            return "应用不存在 (invalid app_id)";
        if (string.IsNullOrEmpty(scope) || !scope.Split(',').All(s => s is "auth_user" or "auth_base"))
            return "scope 参数错误 (scope must be auth_user or auth_base)";
        return Simulators.RedirectAllowed(redirectUri, AlipayDefaults.CallbackPath, _app.Value.PublicBaseUrl, request) ? null : "redirect_uri 与应用授权回调地址不一致 (redirect_uri is not the app's)";
    }

    public Task<string> IssueCodeAsync(SimulatedPerson person, string redirectUri, CancellationToken cancellationToken) =>
        _grants.IssueCodeAsync(Provider, person, redirectUri, cancellationToken);

    /// <summary>gateway.do: checks the common parameters and the request's RSA2 signature, runs the method, answers signed.</summary>
    public async Task<string> GatewayAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        string Get(string name) => parameters.TryGetValue(name, out var value) ? value : "";
        var method = Get("method");
        if (Get("app_id") != AppId)
            return Error("40002", "isv.invalid-app-id", "无效的AppID参数");
        if (Get("sign_type") != "RSA2" || Get("version") != "1.0" || !string.Equals(Get("charset"), "utf-8", StringComparison.OrdinalIgnoreCase))
            return Error("40002", "isv.invalid-parameter", "sign_type, version or charset is missing or wrong");
        if (!DateTime.TryParseExact(Get("timestamp"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var sent)
            || Math.Abs((new DateTimeOffset(sent, ChinaTime.Offset) - _time.GetUtcNow()).TotalMinutes) > 30)
            return Error("40002", "isv.invalid-timestamp", "非法的时间戳参数");
        var content = Encoding.UTF8.GetBytes(AlipaySignature.Content(parameters.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))));
        var signature = new byte[1024];
        if (!Convert.TryFromBase64String(Get("sign"), signature, out var length) || length == 0
            || !_appKey.VerifyData(content, signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            return Error("40002", "isv.invalid-signature", "验签出错");

        switch (method)
        {
            case AlipayClient.TokenMethod:
                if (Get("grant_type") != "authorization_code")
                    return Error("40002", "isv.grant-type-invalid", "grant_type参数不正确");
                if (await _grants.RedeemCodeAsync(Provider, Get("code"), cancellationToken) is not { } granted)
                    return Error("40002", "isv.code-invalid", "授权码code无效");
                var seconds = (long)TokenLifetime.TotalSeconds;
                return Signed(AlipayAnswer.NodeOf(method), new Dictionary<string, object?>
                {
                    ["access_token"] = _grants.IssueToken(Provider, granted.Person, TokenLifetime),
                    ["auth_start"] = ChinaTime.Format(_time.GetUtcNow()),
                    ["expires_in"] = seconds,
                    ["re_expires_in"] = seconds * 2,
                    ["refresh_token"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                    ["user_id"] = granted.Person.Subject,
                });
            case AlipayClient.UserInfoMethod:
                if (_grants.ReadToken(Provider, Get("auth_token")) is not { } person)
                    return Signed(AlipayAnswer.NodeOf(method), new Dictionary<string, object?>
                    {
                        ["code"] = "20001", ["msg"] = "Invalid Auth Token", ["sub_code"] = "aop.invalid-auth-token", ["sub_msg"] = "无效的访问令牌",
                    });
                return Signed(AlipayAnswer.NodeOf(method), new Dictionary<string, object?>
                {
                    ["code"] = "10000",
                    ["msg"] = "Success",
                    ["user_id"] = person.Subject,
                    ["avatar"] = $"{_app.Value.PublicBaseUrl.TrimEnd('/')}{BasePath}/avatar/{person.Subject}.svg",
                    ["nick_name"] = person.Name,
                    ["city"] = "杭州市",
                    ["province"] = "浙江省",
                    ["gender"] = "F",
                });
            default:
                return Error("40004", "isv.invalid-method", "不存在的方法名");
        }
    }

    private string Error(string code, string subCode, string subMessage) =>
        Signed(AlipayAnswer.ErrorNode, new Dictionary<string, object?>
        {
            ["code"] = code, ["msg"] = code == "40004" ? "Business Failed" : "Invalid Arguments", ["sub_code"] = subCode, ["sub_msg"] = subMessage,
        });

    /// <summary>The answer as Alipay writes it: the object's text, then a sign over exactly that text.</summary>
    private string Signed(string node, Dictionary<string, object?> body)
    {
        var raw = JsonSerializer.Serialize(body, AlipayJson);
        var sign = Convert.ToBase64String(_alipayKey.SignData(Encoding.UTF8.GetBytes(raw), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return $"{{\"{node}\":{raw},\"sign\":\"{sign}\"}}";
    }

    public void Dispose()
    {
        _appKey.Dispose();
        _alipayKey.Dispose();
    }
}
