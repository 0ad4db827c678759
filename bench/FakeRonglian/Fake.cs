using System.Globalization;
using System.Text;
using Dashop.Testing.Ronglian;

namespace Dashop.Bench.FakeRonglian;

internal sealed class Fake(FakeOptions options)
{
    private readonly TemplateSmsChecker _checker = new(options.Account, TimeProvider.System);
    private readonly ReqIdLedger _reqIds = new();
    private readonly Lock _gate = new();
    private List<Arrival> _arrivals = new(100_000);
    private int _delayMs = options.DelayMs;
    private long _duplicates, _rejected, _requests, _inflight, _otlpRequests, _otlpBytes;

    public async Task<IResult> TemplateSmsAsync(HttpContext context, string sid)
    {
        var at = NowMicros();
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _inflight);
        try
        {
            var check = await _checker.CheckAsync(context.Request, sid, context.RequestAborted);
            if (check.Sms is not { } sms)
            {
                Interlocked.Increment(ref _rejected);
                return RonglianAnswers.Status(check.StatusCode!, check.Problem!);
            }

            var delay = Volatile.Read(ref _delayMs);
            if (delay > 0)
                await Task.Delay(delay, context.RequestAborted);

            if (!_reqIds.TryAccept(sms.ReqId))
            {
                Interlocked.Increment(ref _duplicates);
                return RonglianAnswers.Duplicate();
            }
            lock (_gate)
                _arrivals.Add(new Arrival(sms.To, sms.Code, sms.ReqId, at));
            return RonglianAnswers.Success(TimeProvider.System);
        }
        finally
        {
            Interlocked.Decrement(ref _inflight);
        }
    }

    /// <summary>
    /// An OTLP/HTTP sink (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) for the bench's telemetry step: reads and
    /// counts each export and accepts it (an empty protobuf body is an export response with nothing rejected).
    /// </summary>
    public async Task<IResult> OtlpAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        long bytes = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            bytes += read;
        Interlocked.Increment(ref _otlpRequests);
        Interlocked.Add(ref _otlpBytes, bytes);
        return Results.Bytes([], "application/x-protobuf");
    }

    public string Stats()
    {
        int received;
        lock (_gate)
            received = _arrivals.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"received={received} duplicates={Interlocked.Read(ref _duplicates)} rejected={Interlocked.Read(ref _rejected)} requests={Interlocked.Read(ref _requests)} inflight={Interlocked.Read(ref _inflight)} delay_ms={Volatile.Read(ref _delayMs)} otlp_requests={Interlocked.Read(ref _otlpRequests)} otlp_bytes={Interlocked.Read(ref _otlpBytes)}\n");
    }

    public string Reset(int? delayMs)
    {
        lock (_gate)
        {
            _arrivals = new List<Arrival>(100_000);
            _reqIds.Clear();
            Interlocked.Exchange(ref _duplicates, 0);
            Interlocked.Exchange(ref _rejected, 0);
            Interlocked.Exchange(ref _requests, 0);
            Interlocked.Exchange(ref _otlpRequests, 0);
            Interlocked.Exchange(ref _otlpBytes, 0);
        }
        if (delayMs is >= 0)
            Volatile.Write(ref _delayMs, delayMs.Value);
        return Stats();
    }

    public IResult Dump(string name)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return Results.BadRequest("name: letters, digits, - and _ only\n");
        List<Arrival> copy;
        lock (_gate)
            copy = [.. _arrivals];
        var file = Path.Combine(options.OutDir, name + ".arrivals.tsv");
        using (var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 16))
        {
            foreach (var a in copy)
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{a.To}\t{a.ReqId}\t{a.AtMicros}\n"));
        }
        return Results.Text(string.Create(CultureInfo.InvariantCulture, $"{copy.Count} {file}\n"));
    }

    public string Codes(string prefix)
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            foreach (var a in _arrivals)
            {
                if (a.To.StartsWith(prefix, StringComparison.Ordinal))
                    text.Append(a.To).Append('\t').Append(a.Code).Append('\n');
            }
        }
        return text.ToString();
    }

    private static long NowMicros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
