using System.Globalization;
using Dashop.Testing.Ronglian;

namespace Dashop.Bench.FakeRonglian;

internal sealed record FakeOptions(int Port, int DelayMs, string OutDir, RonglianAccount Account)
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
            new RonglianAccount(
                Value("--account-sid", "8aaf0708bench000account00sid0001"),
                Value("--auth-token", "bench-auth-token-not-a-secret-01"),
                Value("--app-id", "8aaf0708bench000app0000id0000001"),
                Value("--template-id", "1")));
    }
}
