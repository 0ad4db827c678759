using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashop.Bench.FakeRonglian;

// A fast fake of Ronglian Cloud's TemplateSMS call (spec §7) for bench/run.sh, on 127.0.0.1 only.
//   dotnet FakeRonglian.dll --port 5781 --delay-ms 0 --out DIR
// POST /2013-12-26/Accounts/{sid}/SMS/TemplateSMS  answers 000000 after --delay-ms (160054 for a reqId seen before)
// GET  /stats                    received=N duplicates=N rejected=N requests=N inflight=N delay_ms=N
// POST /reset?delayMs=N          forgets everything received, sets the delay
// POST /dump?name=NAME           writes DIR/NAME.arrivals.tsv: to, reqId, arrival (µs since the Unix epoch)
// GET  /codes?prefix=DIGITS      to and code of each SMS whose number starts with DIGITS (for registrations)
var options = FakeOptions.Parse(args);
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FakeJsonContext.Default));
var app = builder.Build();
var fake = new Fake(options);

app.MapPost("/2013-12-26/Accounts/{sid}/SMS/TemplateSMS", fake.TemplateSmsAsync);
app.MapGet("/stats", fake.Stats);
app.MapPost("/reset", (int? delayMs) => fake.Reset(delayMs));
app.MapPost("/dump", (string name) => fake.Dump(name));
app.MapGet("/codes", (string prefix) => fake.Codes(prefix));

Console.WriteLine($"fake Ronglian on http://127.0.0.1:{options.Port} (delay {options.DelayMs} ms, output {options.OutDir})");
await app.RunAsync();

namespace Dashop.Bench.FakeRonglian
{
    internal sealed record FakeOptions(int Port, int DelayMs, string OutDir, string AccountSid, string AuthToken, bool CheckSig)
    {
        public static FakeOptions Parse(string[] args)
        {
            string Value(string name, string fallback)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }
            return new FakeOptions(
                int.Parse(Value("--port", "5781"), CultureInfo.InvariantCulture),
                int.Parse(Value("--delay-ms", "0"), CultureInfo.InvariantCulture),
                Path.GetFullPath(Value("--out", ".")),
                Value("--account-sid", "8aaf0708bench000account00sid0001"),
                Value("--auth-token", "bench-auth-token-not-a-secret-01"),
                !args.Contains("--no-sig-check"));
        }
    }

    internal sealed record Arrival(string To, string Code, string ReqId, long AtMicros);

    internal sealed class Fake(FakeOptions options)
    {
        private readonly Lock _gate = new();
        private List<Arrival> _arrivals = new(100_000);
        private ConcurrentDictionary<string, byte> _reqIds = new(StringComparer.Ordinal);
        private int _delayMs = options.DelayMs;
        private long _duplicates, _rejected, _requests, _inflight;

        public async Task<IResult> TemplateSmsAsync(HttpContext context, string sid)
        {
            var at = NowMicros();
            Interlocked.Increment(ref _requests);
            Interlocked.Increment(ref _inflight);
            try
            {
                if (SigProblem(context.Request, sid) is { } problem)
                    return Reject("160032", problem);

                TemplateSmsRequest? body;
                try
                {
                    body = await JsonSerializer.DeserializeAsync(context.Request.Body, FakeJsonContext.Default.TemplateSmsRequest, context.RequestAborted);
                }
                catch (JsonException)
                {
                    body = null;
                }
                if (body is not { To.Length: > 0, ReqId.Length: > 0, Datas.Length: 2 })
                    return Reject("160031", "body must have to, reqId and datas [code, minutes]");

                var delay = Volatile.Read(ref _delayMs);
                if (delay > 0)
                    await Task.Delay(delay, context.RequestAborted);

                if (!_reqIds.TryAdd(body.ReqId, 0))
                {
                    Interlocked.Increment(ref _duplicates);
                    return Results.Json(new StatusAnswer("160054", "duplicate reqId"), FakeJsonContext.Default.StatusAnswer);
                }
                lock (_gate)
                    _arrivals.Add(new Arrival(body.To, body.Datas[0], body.ReqId, at));
                return Results.Json(
                    new SuccessAnswer("000000", new SuccessSms(body.ReqId, DateTime.UtcNow.AddHours(8).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture))),
                    FakeJsonContext.Default.SuccessAnswer);
            }
            finally
            {
                Interlocked.Decrement(ref _inflight);
            }
        }

        public string Stats()
        {
            int received;
            lock (_gate)
                received = _arrivals.Count;
            return string.Create(CultureInfo.InvariantCulture,
                $"received={received} duplicates={Interlocked.Read(ref _duplicates)} rejected={Interlocked.Read(ref _rejected)} requests={Interlocked.Read(ref _requests)} inflight={Interlocked.Read(ref _inflight)} delay_ms={Volatile.Read(ref _delayMs)}\n");
        }

        public string Reset(int? delayMs)
        {
            lock (_gate)
            {
                _arrivals = new List<Arrival>(100_000);
                _reqIds = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
                Interlocked.Exchange(ref _duplicates, 0);
                Interlocked.Exchange(ref _rejected, 0);
                Interlocked.Exchange(ref _requests, 0);
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

        private IResult Reject(string statusCode, string message)
        {
            Interlocked.Increment(ref _rejected);
            return Results.Json(new StatusAnswer(statusCode, message), FakeJsonContext.Default.StatusAnswer);
        }

        // The real check of the protocol lives in Dashop.Web.Tests/Fakes/FakeRonglianServer.cs; this one is cheap:
        // one MD5 of the account, token and the Authorization header's timestamp.
        private string? SigProblem(HttpRequest request, string sid)
        {
            if (sid != options.AccountSid)
                return "wrong account sid";
            if (!options.CheckSig)
                return null;
            Span<byte> decoded = stackalloc byte[128];
            if (!Convert.TryFromBase64String(request.Headers.Authorization.ToString(), decoded, out var length))
                return "Authorization is not base64";
            var text = Encoding.UTF8.GetString(decoded[..length]);
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0 || text[..colon] != options.AccountSid)
                return "Authorization must be base64(AccountSid:timestamp)";
#pragma warning disable CA5351 // Ronglian's protocol prescribes MD5.
            var expected = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(options.AccountSid + options.AuthToken + text[(colon + 1)..])));
#pragma warning restore CA5351
            return request.Query["sig"] == expected ? null : "sig mismatch";
        }

        private static long NowMicros() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    }

    internal sealed record TemplateSmsRequest(
        [property: JsonPropertyName("to")] string? To,
        [property: JsonPropertyName("appId")] string? AppId,
        [property: JsonPropertyName("templateId")] string? TemplateId,
        [property: JsonPropertyName("datas")] string[]? Datas,
        [property: JsonPropertyName("reqId")] string? ReqId);

    internal sealed record StatusAnswer([property: JsonPropertyName("statusCode")] string StatusCode, [property: JsonPropertyName("statusMsg")] string StatusMsg);

    internal sealed record SuccessSms([property: JsonPropertyName("smsMessageSid")] string SmsMessageSid, [property: JsonPropertyName("dateCreated")] string DateCreated);

    internal sealed record SuccessAnswer([property: JsonPropertyName("statusCode")] string StatusCode, [property: JsonPropertyName("templateSMS")] SuccessSms TemplateSms);

    [JsonSerializable(typeof(TemplateSmsRequest))]
    [JsonSerializable(typeof(StatusAnswer))]
    [JsonSerializable(typeof(SuccessAnswer))]
    internal sealed partial class FakeJsonContext : JsonSerializerContext;
}
