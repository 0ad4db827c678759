namespace Dashop.Web.Tests.ExternalLogin;

/// <summary>
/// What a fake provider answers to one request instead of the normal answer: a body (JSON, JSONP, HTML...) with an HTTP
/// status, or no answer at all until the client gives up (<see cref="Hang"/>).
/// </summary>
public sealed record ScriptedAnswer(string? Body = null, int Status = 200, string ContentType = "application/json", bool Hang = false)
{
    public static ScriptedAnswer Html() =>
        new("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>", 200, "text/html");

    public static ScriptedAnswer NoAnswer() => new(Hang: true);
}
