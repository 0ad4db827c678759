using System.Security.Cryptography;

namespace Dashop.Web.Tests.Support;

public static class TestData
{
    private static int _counter = RandomNumberGenerator.GetInt32(1_000_000);

    /// <summary>A valid Chinese mobile number no other test uses (national form, as people type it).</summary>
    public static string Phone()
    {
        var n = Interlocked.Increment(ref _counter) % 100_000_000;
        return $"177{n:D8}";
    }

    public static string Username(string prefix = "u") => $"{prefix}{Guid.NewGuid():N}"[..20];

    public const string Password = "correct horse 42";
}
