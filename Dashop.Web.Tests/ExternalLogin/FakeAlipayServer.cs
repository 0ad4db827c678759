using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// Alipay's web authorization and open-platform gateway on loopback (spec §15). Its key pairs are made here, per run, never
/// stored: "Alipay's" signs every answer over the exact text of its <c>*_response</c> object (written with escaped slashes and
/// spaces, as no re-serialization would write it), and the app's public key verifies every request's RSA2 signature over its
/// sorted parameters, as the real gateway does.
/// </summary>
public sealed class FakeAlipayServer : IAsyncDisposable
{
    public const string AppId = "2021004100000042";
    public const string TokenMethod = "alipay.system.oauth.token";
    public const string UserInfoMethod = "alipay.user.info.share";

    private WebApplication _app = null!;
    private readonly RSA _alipayKey = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly RSA _appKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (FakeAlipayUser User, string RedirectUri)> _codes = new();
    private readonly ConcurrentDictionary<string, FakeAlipayUser> _tokens = new();
    private RSA? _expectedAppKey;
    private int _verified;
    private int _signatureFailures;

    public ScriptedAnswers Token { get; } = new();
    public ScriptedAnswers UserInfo { get; } = new();
    public ConcurrentQueue<AlipayTrick> TokenTricks { get; } = new();
    public ConcurrentQueue<AlipayTrick> UserInfoTricks { get; } = new();

    /// <summary>Requests the fake refused as malformed (missing or wrong common parameters): a test fails on any.</summary>
    public ConcurrentQueue<string> Rejections { get; } = new();

    /// <summary>Every auth_code and token handed out, so that tests can look for them in logs.</summary>
    public ConcurrentQueue<string> Secrets { get; } = new();

    /// <summary>The parameters of every gateway request, in order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Requests { get; } = new();

    public int VerifiedRequests => Volatile.Read(ref _verified);
    public int SignatureFailures => Volatile.Read(ref _signatureFailures);
    public string BaseUrl { get; private set; } = "";

    /// <summary>The app's private key as Alipay's key tool prints it for non-Java apps: bare base64 PKCS#1.</summary>
    public string AppPrivateKey => Convert.ToBase64String(_appKey.ExportRSAPrivateKey());

    /// <summary>Alipay's public key as its console shows it: bare base64 X.509 SubjectPublicKeyInfo.</summary>
    public string AlipayPublicKey => Convert.ToBase64String(_alipayKey.ExportSubjectPublicKeyInfo());

    private FakeAlipayServer()
    {
    }

    public static async Task<FakeAlipayServer> StartAsync()
    {
        var fake = new FakeAlipayServer();
        (fake._app, fake.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/oauth2/publicAppAuthorize.htm", fake.Authorize);
            app.MapPost("/gateway.do", (Delegate)fake.GatewayAsync);
        });
        return fake;
    }

    /// <summary>The Alipay:* settings that point Dashop at this fake.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Alipay:AppId"] = AppId,
        ["Alipay:PrivateKey"] = AppPrivateKey,
        ["Alipay:PublicKey"] = AlipayPublicKey,
        ["Alipay:AuthorizationEndpoint"] = BaseUrl + "/oauth2/publicAppAuthorize.htm",
        ["Alipay:GatewayEndpoint"] = BaseUrl + "/gateway.do",
        // Room for a busy test machine; the timeout tests wait this long once.
        ["Alipay:TimeoutSeconds"] = "5",
    };

    /// <summary>From now on requests must be signed with another app key than the one in <see cref="Settings"/> (null: the usual one).</summary>
    public void ExpectAnotherAppKey(bool another) => _expectedAppKey = another ? _otherKey : null;

    /// <summary>The person approves on Alipay's page as <paramref name="user"/>: where Alipay sends the browser.</summary>
    public async Task<Uri> ApproveAsync(string authorizeUrl, FakeAlipayUser user)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await http.GetAsync(QueryHelpers.AddQueryString(authorizeUrl, new Dictionary<string, string?>
        {
            ["fake_user_id"] = user.UserId, ["fake_open_id"] = user.OpenId, ["fake_nick_name"] = user.NickName,
        }.Where(p => p.Value is not null)));
        if (response.StatusCode != HttpStatusCode.Found)
            throw new InvalidOperationException($"The fake authorize page answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!;
    }

    /// <summary>An answer as Alipay writes it, signed with Alipay's key: for scripting answers such as <c>error_response</c>.</summary>
    public string SignedAnswer(string node, object body) => Write(node, JsonSerializer.Serialize(body), _alipayKey);

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["app_id"] != AppId)
            return Reject("authorize: wrong app_id");
        if (query["scope"] != "auth_user")
            return Reject("authorize: scope must be auth_user");
        if (!Uri.TryCreate(query["redirect_uri"], UriKind.Absolute, out _))
            return Reject("authorize: redirect_uri must be absolute");
        if (string.IsNullOrEmpty(query["state"]))
            return Reject("authorize: no state");

        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var user = new FakeAlipayUser(NullIfEmpty(query["fake_user_id"]), NullIfEmpty(query["fake_open_id"]), query["fake_nick_name"].ToString());
        _codes[code] = (user, query["redirect_uri"].ToString());
        Secrets.Enqueue(code);
        // Alipay names the code auth_code, and adds app_id, source and scope.
        return Results.Redirect(QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), new Dictionary<string, string?>
        {
            ["app_id"] = AppId, ["source"] = "alipay_wallet", ["scope"] = "auth_user", ["auth_code"] = code, ["state"] = query["state"],
        }));
    }

    private async Task<IResult> GatewayAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
            return Reject("gateway: the parameters must be a form");
        var parameters = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        foreach (var (key, value) in context.Request.Query)
            parameters[key] = value.ToString();
        Requests.Enqueue(parameters);
        string Get(string name) => parameters.TryGetValue(name, out var value) ? value : "";

        if (Get("app_id") != AppId || Get("charset") != "utf-8" || Get("sign_type") != "RSA2" || Get("version") != "1.0" || Get("sign") == "")
            return Reject($"gateway: common parameters wrong or missing ({string.Join(',', parameters.Keys.Order())})");
        if (!DateTime.TryParseExact(Get("timestamp"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var sent)
            || Math.Abs((sent - DateTime.UtcNow.AddHours(8)).TotalMinutes) > 5)
            return Reject($"gateway: timestamp {Get("timestamp")} is not China time now");

        // The signed text: every parameter but sign, with a value, sorted by name, k=v joined by &, not URL-encoded.
        var content = string.Join("&", parameters.Where(p => p.Key != "sign" && p.Value.Length > 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        var signature = new byte[1024];
        if (!Convert.TryFromBase64String(Get("sign"), signature, out var length)
            || !(_expectedAppKey ?? _appKey).VerifyData(Encoding.UTF8.GetBytes(content), signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            Interlocked.Increment(ref _signatureFailures);
            return Answer(SignedAnswer("error_response", new { code = "40002", msg = "Invalid Arguments", sub_code = "isv.invalid-signature", sub_msg = "验签出错" }));
        }
        Interlocked.Increment(ref _verified);

        return Get("method") switch
        {
            TokenMethod => await TokenAsync(context, Get("grant_type"), Get("code")),
            UserInfoMethod => await UserInfoAsync(context, Get("auth_token")),
            _ => Reject($"gateway: unexpected method {Get("method")}"),
        };
    }

    private async Task<IResult> TokenAsync(HttpContext context, string grantType, string code)
    {
        if (await Token.NextAsync(context) is { } scripted)
            return scripted;
        if (grantType != "authorization_code")
            return Reject("token: grant_type must be authorization_code");
        if (!_codes.TryRemove(code, out var grant))
            return Answer(SignedAnswer("error_response", new { code = "40002", msg = "Invalid Arguments", sub_code = "isv.code-invalid", sub_msg = "授权码code无效" }));
        var token = "authusrB" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _tokens[token] = grant.User;
        Secrets.Enqueue(token);
        var node = new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["auth_start"] = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            // Documented as strings, sent as numbers.
            ["expires_in"] = 1296000,
            ["re_expires_in"] = 2592000,
            ["refresh_token"] = "authusrB" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        AddSubject(node, grant.User);
        return Answer(Trick(TokenTricks, "alipay_system_oauth_token_response", node));
    }

    private async Task<IResult> UserInfoAsync(HttpContext context, string authToken)
    {
        if (await UserInfo.NextAsync(context) is { } scripted)
            return scripted;
        if (!_tokens.TryGetValue(authToken, out var user))
            return Answer(Write("alipay_user_info_share_response",
                JsonSerializer.Serialize(new { code = "20001", msg = "Invalid Auth Token", sub_code = "aop.invalid-auth-token", sub_msg = "无效的访问令牌" }), _alipayKey));
        var node = new Dictionary<string, object>
        {
            ["code"] = "10000",
            ["msg"] = "Success",
            ["avatar"] = user.AvatarUrl,
            ["city"] = "杭州市",
            ["gender"] = "F",
            ["nick_name"] = user.NickName,
            ["province"] = "浙江省",
        };
        AddSubject(node, user);
        return Answer(Trick(UserInfoTricks, "alipay_user_info_share_response", node));
    }

    private static void AddSubject(Dictionary<string, object> node, FakeAlipayUser user)
    {
        if (user.UserId is not null)
            node["user_id"] = user.UserId;
        if (user.OpenId is not null)
            node["open_id"] = user.OpenId;
    }

    private string Trick(ConcurrentQueue<AlipayTrick> tricks, string name, Dictionary<string, object> node)
    {
        var raw = JsonSerializer.Serialize(node, AlipayStyle);
        if (!tricks.TryDequeue(out var trick))
            return Write(name, raw, _alipayKey);
        return trick switch
        {
            AlipayTrick.SignedWithAnotherKey => Write(name, raw, _otherKey),
            AlipayTrick.NoSignature => $"{{\"{name}\":{Alipayish(raw)}}}",
            _ => Write(name, raw, _alipayKey).Replace(node.TryGetValue("user_id", out var id) ? (string)id : (string)node["open_id"], "2088000000000001", StringComparison.Ordinal),
        };
    }

    /// <summary>The body Alipay writes: the object's text as it is, then <c>sign</c> over exactly that text.</summary>
    private static string Write(string name, string raw, RSA key)
    {
        var text = Alipayish(raw);
        var sign = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return $"{{\"{name}\":{text},\"sign\":\"{sign}\"}}";
    }

    /// <summary>Escaped slashes and a space after each comma: valid JSON that no serializer on the other side would write back the same.</summary>
    private static string Alipayish(string raw) => raw.Replace("/", "\\/", StringComparison.Ordinal).Replace(",\"", ", \"", StringComparison.Ordinal);

    private static readonly JsonSerializerOptions AlipayStyle = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static IResult Answer(string body) => Results.Text(body, "text/html;charset=utf-8");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private IResult Reject(string problem)
    {
        Rejections.Enqueue(problem);
        return Answer(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["error_response"] = new { code = "40002", msg = "Invalid Arguments", sub_code = "isv.missing-signature", sub_msg = problem },
        }));
    }

    public async ValueTask DisposeAsync()
    {
        Token.Release();
        UserInfo.Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _alipayKey.Dispose();
        _otherKey.Dispose();
        _appKey.Dispose();
    }
}
