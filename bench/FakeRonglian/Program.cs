using Dashop.Bench.FakeRonglian;

// A fast fake of Ronglian Cloud's TemplateSMS call (spec §7) for bench/run.sh, on 127.0.0.1 only. It checks each
// request as the test fake does (Dashop.Testing/Ronglian: path, headers, Authorization, sig, body, appId, template).
//   dotnet FakeRonglian.dll --port 5781 --delay-ms 0 --out DIR [--account-sid SID --auth-token TOKEN --app-id ID --template-id ID]
// POST /2013-12-26/Accounts/{sid}/SMS/TemplateSMS  answers 000000 after --delay-ms (160054 for a reqId seen before)
// GET  /stats                    received=N duplicates=N rejected=N requests=N inflight=N delay_ms=N
// POST /reset?delayMs=N          forgets everything received, sets the delay
// POST /dump?name=NAME           writes DIR/NAME.arrivals.tsv: to, reqId, arrival (µs since the Unix epoch)
// GET  /codes?prefix=DIGITS      to and code of each SMS whose number starts with DIGITS (for registrations)
// POST /v1/traces, /v1/metrics, /v1/logs   an OTLP/HTTP sink: counts the exports (otlp_requests, otlp_bytes in /stats)
var options = FakeOptions.Parse(args);
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port}");
builder.Logging.ClearProviders();
var app = builder.Build();
var fake = new Fake(options);

app.MapPost("/2013-12-26/Accounts/{sid}/SMS/TemplateSMS", fake.TemplateSmsAsync);
app.MapGet("/stats", fake.Stats);
app.MapPost("/reset", (int? delayMs) => fake.Reset(delayMs));
app.MapPost("/dump", (string name) => fake.Dump(name));
app.MapGet("/codes", (string prefix) => fake.Codes(prefix));
foreach (var signal in new[] { "traces", "metrics", "logs" })
    app.MapPost($"/v1/{signal}", fake.OtlpAsync);

Console.WriteLine($"fake Ronglian on http://127.0.0.1:{options.Port} (delay {options.DelayMs} ms, output {options.OutDir})");
await app.RunAsync();
