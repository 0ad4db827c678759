namespace Dashop.Testing.Ronglian;

/// <summary>What the fake answers to one request: a Ronglian statusCode, an HTTP error, or a delay first.</summary>
public sealed record FakeAnswer(string? StatusCode = null, int HttpStatus = 200, TimeSpan Delay = default)
{
    public static FakeAnswer Status(string code) => new(code);
    public static FakeAnswer Http(int status) => new(HttpStatus: status);
    public static FakeAnswer Slow(TimeSpan delay, string code = "000000") => new(code, Delay: delay);
}
