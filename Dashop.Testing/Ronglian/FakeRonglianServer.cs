using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dashop.Testing.Ronglian;

/// <summary>
/// Ronglian Cloud's TemplateSMS endpoint on loopback. It checks what the real one checks (sig, Authorization,
/// headers, body, reqId: <see cref="TemplateSmsChecker"/>, shared with bench/FakeRonglian) and can be scripted to
/// answer with errors and delays.
/// </summary>
public sealed class FakeRonglianServer : IAsyncDisposable
{
    public const string AccountSid = "8aaf0708fake0000account00sid0001";
    public const string AuthToken = "fake-auth-token-not-a-secret-0001";
    public const string AppId = "8aaf0708fake0000app0000id00000001";
    public const string TemplateId = "1";

    private static readonly TemplateSmsChecker Checker = new(new RonglianAccount(AccountSid, AuthToken, AppId, TemplateId), TimeProvider.System);

    private WebApplication _app = null!;
    private readonly ConcurrentQueue<FakeAnswer> _script = new();
    private readonly ReqIdLedger _accepted = new();
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
        if (_hold is { } hold)
            await hold.Task.WaitAsync(context.RequestAborted);
        var answer = _script.TryDequeue(out var scripted) ? scripted : new FakeAnswer(RonglianAnswers.Accepted, Delay: DefaultDelay);
        if (answer.Delay > TimeSpan.Zero)
            await Task.Delay(answer.Delay, context.RequestAborted);
        if (answer.HttpStatus != 200)
            return Results.StatusCode(answer.HttpStatus);

        var check = await Checker.CheckAsync(context.Request, sid, context.RequestAborted);
        if (check.Sms is not { } sms)
        {
            Rejections.Enqueue(check.Problem!);
            return RonglianAnswers.Status(check.StatusCode!, check.Problem!);
        }
        if (answer.StatusCode is not RonglianAnswers.Accepted)
            return RonglianAnswers.Status(answer.StatusCode!, "scripted failure");
        if (!_accepted.TryAccept(sms.ReqId))
            return RonglianAnswers.Duplicate();

        Received.Enqueue(new ReceivedSms(sms.To, sms.Code, sms.Minutes, sms.ReqId, DateTimeOffset.UtcNow));
        return RonglianAnswers.Success(TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseHeld();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
