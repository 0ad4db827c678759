namespace Dashop.Testing.Ronglian;

/// <summary>The outcome of <see cref="TemplateSmsChecker.CheckAsync"/>: the request, or the statusCode and reason it is refused with.</summary>
public sealed record TemplateSmsCheck(TemplateSms? Sms, string? StatusCode, string? Problem)
{
    public static TemplateSmsCheck Valid(TemplateSms sms) => new(sms, null, null);

    public static TemplateSmsCheck Refused(string statusCode, string problem) => new(null, statusCode, problem);
}
