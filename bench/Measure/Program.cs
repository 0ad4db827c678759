using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Dashop.Bench.Measure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

// bench/run.sh's measurements that wrk cannot make. Every line it prints for run.sh starts with a tag.
//   Measure hash [--iterations 210000] [--count 16]
//       HASH iterations=N ms_per_hash=X hashes_per_s_1=X hashes_per_s_all=X threads=N
//   Measure register --app URL --fake URL [--count 100] [--concurrency 8] [--prefix 17690]
//       REGISTER count=N ok=N rps=X p50_ms=X p99_ms=X max_ms=X first_max_ms=X rest_max_ms=X codes_s=X
return args.FirstOrDefault() switch
{
    "hash" => Hash(args),
    "register" => await RegisterAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Measure hash [--iterations N] [--count N] | Measure register --app URL --fake URL [--count N] [--concurrency N] [--prefix DIGITS]");
    return 2;
}

static string Option(string[] args, string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static int IntOption(string[] args, string name, int fallback) =>
    int.Parse(Option(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

static int Hash(string[] args)
{
    var iterations = IntOption(args, "--iterations", 210_000);
    var count = IntOption(args, "--count", 16);
    // The same hasher and settings as Dashop.Web's IdentityExtensions (Identity v3 format: PBKDF2-HMAC-SHA512).
    var hasher = new PasswordHasher<object>(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = iterations,
    }));
    var user = new object();
    hasher.HashPassword(user, "warm-up-password"); // JIT and first-use costs out of the measurement

    var watch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
        hasher.HashPassword(user, $"bench-password-{i}");
    var single = watch.Elapsed.TotalMilliseconds / count;

    var threads = Environment.ProcessorCount;
    watch.Restart();
    Parallel.For(0, count * threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => hasher.HashPassword(user, $"bench-password-{i}"));
    var all = count * threads / watch.Elapsed.TotalSeconds;

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"HASH iterations={iterations} ms_per_hash={single:F1} hashes_per_s_1={1000 / single:F1} hashes_per_s_all={all:F1} threads={threads}"));
    return 0;
}

static async Task<int> RegisterAsync(string[] args)
{
    var app = new Uri(Option(args, "--app", "http://127.0.0.1:5780"));
    var fake = new Uri(Option(args, "--fake", "http://127.0.0.1:5781"));
    var count = IntOption(args, "--count", 100);
    var concurrency = IntOption(args, "--concurrency", 8);
    var prefix = Option(args, "--prefix", "17690");
    if (!app.IsLoopback || !fake.IsLoopback)
    {
        Console.Error.WriteLine("Measure register only talks to loopback addresses.");
        return 2;
    }
    using var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(60) };
    using var fakeHttp = new HttpClient { BaseAddress = fake, Timeout = TimeSpan.FromSeconds(10) };
    string Phone(int i) => prefix + i.ToString(CultureInfo.InvariantCulture).PadLeft(11 - prefix.Length, '0');

    // 1) One code per phone, then the codes as the fake provider received them.
    var watch = Stopwatch.StartNew();
    var issued = 0;
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
    {
        using var response = await http.PostAsJsonAsync("/v1/users/sms/code", new SmsCodeBody(Phone(i)), MeasureJson.Default.SmsCodeBody, ct);
        var answer = await response.Content.ReadFromJsonAsync(MeasureJson.Default.Answer, ct);
        if (answer?.Code == 200)
            Interlocked.Increment(ref issued);
    });
    var codes = new Dictionary<string, string>();
    for (var attempt = 0; attempt < 600 && codes.Count < issued; attempt++)
    {
        if (attempt > 0)
            await Task.Delay(100);
        var text = await fakeHttp.GetStringAsync($"/codes?prefix={prefix}");
        codes = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);
    }
    var codesSeconds = watch.Elapsed.TotalSeconds;
    if (codes.Count < count)
        Console.Error.WriteLine($"Measure register: only {codes.Count} of {count} codes reached the fake provider ({issued} accepted)");

    // 2) The registrations themselves: PBKDF2 at 210,000 iterations, one INSERT and the activation e-mail publish each.
    var latencies = new ConcurrentBag<double>();
    var started = new ConcurrentBag<(long At, double Ms)>();
    var ok = 0;
    var stamp = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
    var phones = codes.Keys.Order(StringComparer.Ordinal).ToArray();
    watch.Restart();
    await Parallel.ForAsync(0, phones.Length, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
    {
        var body = new RegisterBody($"bench{stamp}_{i}", "bench-password-0123", phones[i], $"bench{stamp}_{i}@example.com", codes[phones[i]], null);
        var start = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("/v1/users", body, MeasureJson.Default.RegisterBody, ct);
        var answer = await response.Content.ReadFromJsonAsync(MeasureJson.Default.Answer, ct);
        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        started.Add((start, Stopwatch.GetElapsedTime(start).TotalMilliseconds));
        if (answer?.Code == 200)
            Interlocked.Increment(ref ok);
        else if (ok == 0)
            Console.Error.WriteLine($"Measure register: {phones[i]} answered {answer?.Code}");
    });
    var seconds = watch.Elapsed.TotalSeconds;
    var sorted = latencies.Order().ToArray();
    double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    // The slowest of the first 2 x concurrency registrations (cold: JIT, EF Core's query compilation) and of the rest.
    var inOrder = started.OrderBy(s => s.At).Select(s => s.Ms).ToArray();
    var cold = Math.Min(inOrder.Length, 2 * concurrency);
    var coldMax = inOrder.Take(cold).DefaultIfEmpty().Max();
    var warmMax = inOrder.Skip(cold).DefaultIfEmpty().Max();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"REGISTER count={phones.Length} ok={ok} concurrency={concurrency} rps={phones.Length / seconds:F1} p50_ms={Percentile(0.5):F0} p99_ms={Percentile(0.99):F0} max_ms={(sorted.Length > 0 ? sorted[^1] : 0):F0} first_max_ms={coldMax:F0} rest_max_ms={warmMax:F0} codes_s={codesSeconds:F1}"));
    return ok == count ? 0 : 1;
}
