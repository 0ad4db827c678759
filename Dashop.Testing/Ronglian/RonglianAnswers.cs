using Microsoft.AspNetCore.Http;

namespace Dashop.Testing.Ronglian;

/// <summary>The JSON answers of TemplateSMS (HTTP 200 with a <c>statusCode</c>) and the codes the fakes use.</summary>
public static class RonglianAnswers
{
    public const string Accepted = "000000";

    /// <summary>The body is not the TemplateSMS shape, or names another appId or template.</summary>
    public const string BadBody = "160031";

    /// <summary>The path's account, the headers, the Authorization or the sig do not match the account.</summary>
    public const string BadSignature = "160032";

    /// <summary>This reqId was accepted before: nothing is sent again.</summary>
    public const string DuplicateReqId = "160054";

    /// <summary><c>{"statusCode":"000000","templateSMS":{"smsMessageSid","dateCreated"}}</c>, dateCreated in China time.</summary>
    public static IResult Success(TimeProvider time) =>
        Results.Json(
            new SuccessAnswer(Accepted, new SuccessSms(Guid.NewGuid().ToString("N"), RonglianClock.ChinaTimestamp(time.GetUtcNow()))),
            RonglianJsonContext.Default.SuccessAnswer);

    /// <summary><c>{"statusCode","statusMsg"}</c>: any answer but success.</summary>
    public static IResult Status(string statusCode, string statusMsg) =>
        Results.Json(new StatusAnswer(statusCode, statusMsg), RonglianJsonContext.Default.StatusAnswer);

    public static IResult Duplicate() => Status(DuplicateReqId, "duplicate reqId");
}
