using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Dashop.Testing.Ronglian;

/// <summary>
/// Checks a <c>POST /2013-12-26/Accounts/{sid}/SMS/TemplateSMS?sig=</c> request as strictly as Ronglian does: the account
/// in the path, the Accept and Content-Type headers, Authorization = base64(AccountSid:timestamp) with a timestamp of
/// now in China time on the 24-hour clock, sig = upper(hex(MD5(AccountSid + AuthToken + timestamp))) of that same
/// timestamp, and the body <c>{"to","appId","templateId","datas":[code, minutes],"reqId"}</c>.
/// Written apart from Dashop.Web's signing on purpose, so that a bug there is caught here.
/// </summary>
public sealed class TemplateSmsChecker(RonglianAccount account, TimeProvider time)
{
    /// <summary>How far the Authorization timestamp may be from now.</summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(15);

    private static readonly string[] RequiredStrings = ["to", "appId", "templateId", "reqId"];

    public async Task<TemplateSmsCheck> CheckAsync(HttpRequest request, string sid, CancellationToken cancellationToken)
    {
        if (HeaderProblem(request, sid) is { } headerProblem)
            return TemplateSmsCheck.Refused(RonglianAnswers.BadSignature, headerProblem);

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return TemplateSmsCheck.Refused(RonglianAnswers.BadBody, "body is not JSON");
        }
        using (document)
        {
            var body = document.RootElement;
            if (BodyProblem(body) is { } bodyProblem)
                return TemplateSmsCheck.Refused(RonglianAnswers.BadBody, bodyProblem);
            var datas = body.GetProperty("datas");
            return TemplateSmsCheck.Valid(new TemplateSms(
                body.GetProperty("to").GetString()!, datas[0].GetString()!, datas[1].GetString()!, body.GetProperty("reqId").GetString()!));
        }
    }

    private string? HeaderProblem(HttpRequest request, string sid)
    {
        if (sid != account.AccountSid)
            return $"wrong account sid in path: {sid}";
        if (request.Headers.Accept.ToString() != "application/json")
            return $"Accept must be application/json, was '{request.Headers.Accept}'";
        var contentType = request.ContentType?.Replace(" ", "", StringComparison.Ordinal);
        if (!string.Equals(contentType, "application/json;charset=utf-8", StringComparison.OrdinalIgnoreCase))
            return $"Content-Type must be application/json;charset=utf-8, was '{request.ContentType}'";

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.ToString()));
        }
        catch (FormatException)
        {
            return "Authorization is not base64";
        }
        var parts = decoded.Split(':');
        if (parts.Length != 2 || parts[0] != account.AccountSid)
            return "Authorization must be base64(AccountSid:timestamp)";
        var timestamp = parts[1];
        if (RonglianClock.Parse(timestamp) is not { } at)
            return $"timestamp '{timestamp}' is not yyyyMMddHHmmss";
        if ((at - time.GetUtcNow()).Duration() > ClockTolerance)
            return $"timestamp {timestamp} is not China time now (24-hour clock)";

#pragma warning disable CA5351 // Ronglian's protocol prescribes MD5.
        var expected = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(account.AccountSid + account.AuthToken + timestamp)));
#pragma warning restore CA5351
        if (request.Query["sig"] != expected)
            return "sig does not match MD5(AccountSid + AuthToken + timestamp) of the Authorization timestamp";
        return null;
    }

    private string? BodyProblem(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return "body must be an object";
        foreach (var name in RequiredStrings)
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 })
                return $"body.{name} must be a non-empty string";
        }
        if (body.GetProperty("appId").GetString() != account.AppId)
            return "wrong appId";
        if (body.GetProperty("templateId").GetString() != account.TemplateId)
            return "wrong templateId";
        if (!body.TryGetProperty("datas", out var datas) || datas.ValueKind != JsonValueKind.Array || datas.GetArrayLength() != 2
            || datas.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
            return "body.datas must be [code, minutes] as strings";
        return null;
    }
}
