using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dashop.Web.Tests.Fakes;

/// <summary>One SMS the fake accepted.</summary>
public sealed record ReceivedSms(string To, string Code, string Minutes, string ReqId, DateTimeOffset At);

/// <summary>What the fake answers to one request: a Ronglian statusCode, an HTTP error, or a delay first.</summary>
public sealed record FakeAnswer(string? StatusCode = null, int HttpStatus = 200, TimeSpan Delay = default)
{
    public static FakeAnswer Status(string code) => new(code);
    public static FakeAnswer Http(int status) => new(HttpStatus: status);
    public static FakeAnswer Slow(TimeSpan delay, string code = "000000") => new(code, Delay: delay);
}

/// <summary>
/// Ronglian Cloud's TemplateSMS endpoint on loopback. It checks what the real one checks (sig, Authorization,
/// headers, body, reqId) and can be scripted to answer with errors and delays.
/// </summary>
public sealed class FakeRonglianServer : IAsyncDisposable
{
    public const string AccountSid = "8aaf0708fake0000account00sid0001";
    public const string AuthToken = "fake-auth-token-not-a-secret-0001";
    public const string AppId = "8aaf0708fake0000app0000id00000001";
    public const string TemplateId = "1";

    private WebApplication _app = null!;
    private readonly ConcurrentQueue<FakeAnswer> _script = new();
    private readonly ConcurrentDictionary<string, string> _accepted = new();
    private int _requests;

    public ConcurrentQueue<ReceivedSms> Received { get; } = new();
    public ConcurrentQueue<string> Rejections { get; } = new();
    public int Requests => Volatile.Read(ref _requests);
    public TimeSpan DefaultDelay { get; set; }
    public string BaseUrl { get; private set; } = "";
    private volatile TaskCompletionSource? _hold;

    /// <summary>From now on every request waits (before it is answered or recorded) until <see cref="ReleaseHeld"/>.</summary>
    public void Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held requests, and all later ones, through.</summary>
    public void ReleaseHeld()
    {
        var hold = _hold;
        _hold = null;
        hold?.TrySetResult();
    }

    private FakeRonglianServer()
    {
    }

    public static async Task<FakeRonglianServer> StartAsync()
    {
        var fake = new FakeRonglianServer();
        (fake._app, fake.BaseUrl) = await LoopbackServer.StartAsync(app =>
            app.MapPost("/2013-12-26/Accounts/{sid}/SMS/TemplateSMS", fake.HandleAsync));
        return fake;
    }

    /// <summary>The next requests get these answers, in order; after them, success.</summary>
    public void Script(params FakeAnswer[] answers)
    {
        foreach (var answer in answers)
            _script.Enqueue(answer);
    }

    public IReadOnlyList<ReceivedSms> To(string nationalNumber) => Received.Where(r => r.To == nationalNumber).ToList();

    public string? LatestCode(string nationalNumber) => Received.LastOrDefault(r => r.To == nationalNumber)?.Code;

    public async Task<string> WaitForCodeAsync(string nationalNumber, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (LatestCode(nationalNumber) is { } code)
                return code;
            await Task.Delay(25);
        }
        throw new TimeoutException($"No SMS reached {nationalNumber} in time. Rejections: {string.Join("; ", Rejections)}");
    }

    public void Reset()
    {
        _script.Clear();
        Received.Clear();
        Rejections.Clear();
        DefaultDelay = default;
        ReleaseHeld();
        Interlocked.Exchange(ref _requests, 0);
    }

    private async Task<IResult> HandleAsync(HttpContext context, string sid)
    {
        Interlocked.Increment(ref _requests);
        var request = context.Request;
        if (_hold is { } hold)
            await hold.Task.WaitAsync(context.RequestAborted);
        var answer = _script.TryDequeue(out var scripted) ? scripted : new FakeAnswer("000000", Delay: DefaultDelay);
        if (answer.Delay > TimeSpan.Zero)
            await Task.Delay(answer.Delay, context.RequestAborted);
        if (answer.HttpStatus != 200)
            return Results.StatusCode(answer.HttpStatus);

        if (Problem(sid, request) is { } headerProblem)
            return Reject(headerProblem, "160032");

        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(request.Body)).RootElement;
        }
        catch (JsonException)
        {
            return Reject("body is not JSON", "160031");
        }
        if (BodyProblem(body) is { } bodyProblem)
            return Reject(bodyProblem, "160031");

        var reqId = body.GetProperty("reqId").GetString()!;
        if (answer.StatusCode is not "000000")
            return Results.Json(new { statusCode = answer.StatusCode, statusMsg = "scripted failure" });
        if (!_accepted.TryAdd(reqId, reqId))
            return Results.Json(new { statusCode = "160054", statusMsg = "duplicate reqId" });

        var datas = body.GetProperty("datas");
        Received.Enqueue(new ReceivedSms(body.GetProperty("to").GetString()!, datas[0].GetString()!, datas[1].GetString()!, reqId, DateTimeOffset.UtcNow));
        return Results.Json(new
        {
            statusCode = "000000",
            templateSMS = new { smsMessageSid = Guid.NewGuid().ToString("N"), dateCreated = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) },
        });
    }

    private IResult Reject(string problem, string statusCode)
    {
        Rejections.Enqueue(problem);
        return Results.Json(new { statusCode, statusMsg = problem });
    }

    private static string? Problem(string sid, HttpRequest request)
    {
        if (sid != AccountSid)
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
        if (parts.Length != 2 || parts[0] != AccountSid)
            return "Authorization must be base64(AccountSid:timestamp)";
        var timestamp = parts[1];
        if (!DateTime.TryParseExact(timestamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var china))
            return $"timestamp '{timestamp}' is not yyyyMMddHHmmss";
        var utc = new DateTimeOffset(china, TimeSpan.FromHours(8));
        if ((utc - DateTimeOffset.UtcNow).Duration() > TimeSpan.FromMinutes(15))
            return $"timestamp {timestamp} is not China time now (24-hour clock)";

        var expected = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(AccountSid + AuthToken + timestamp)));
        if (request.Query["sig"] != expected)
            return "sig does not match MD5(AccountSid + AuthToken + timestamp) of the Authorization timestamp";
        return null;
    }

    private static string? BodyProblem(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return "body must be an object";
        foreach (var name in new[] { "to", "appId", "templateId", "reqId" })
        {
            if (!body.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 })
                return $"body.{name} must be a non-empty string";
        }
        if (body.GetProperty("appId").GetString() != AppId)
            return "wrong appId";
        if (body.GetProperty("templateId").GetString() != TemplateId)
            return "wrong templateId";
        if (!body.TryGetProperty("datas", out var datas) || datas.ValueKind != JsonValueKind.Array || datas.GetArrayLength() != 2
            || datas.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.String))
            return "body.datas must be [code, minutes] as strings";
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseHeld();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
