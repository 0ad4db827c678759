using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Dashop.Web.Infrastructure.Results;

namespace Dashop.Web.Features.Api;

/// <summary>The dadashop envelope: HTTP 200 with a <c>code</c>; failures carry <c>error.message</c>.</summary>
public static class ApiResponses
{
    public sealed record ErrorBody(string Message);

    public sealed record ErrorEnvelope(int Code, ErrorBody Error);

    public static ErrorEnvelope Envelope(int code, string message) => new(code, new ErrorBody(message));

    /// <summary>The seed's code for a refused new account (registration and the Weibo bind).</summary>
    public static int RegistrationCode(Failure? failure) => failure switch
    {
        Failure.Taken or Failure.Refused => ApiCodes.Taken,
        Failure.Wrong => ApiCodes.CodeWrong,
        Failure.Unavailable => ApiCodes.SmsCannotSend,
        Failure.Busy => ApiCodes.RateLimited,
        _ => ApiCodes.InvalidField,
    };

    /// <summary>
    /// A field problem as the front end shows it: prefixed with the field's name in the request body (the code's message
    /// stands alone). The Weibo bind names the username <c>username</c> where registration says <c>uname</c>.
    /// </summary>
    public static string FieldMessage(IStringLocalizer text, FieldError error, string? usernameField = null)
    {
        var field = AccountFields.Of(error.Field);
        return field == AccountFields.Code ? text[error.Message]
            : field == AccountFields.Username && usernameField is not null ? $"{usernameField}: {text[error.Message]}"
            : $"{field.ApiName}: {text[error.Message]}";
    }

    /// <summary>
    /// Unreadable JSON is HTTP 400. JSON that reads but has a field of the wrong type is the seed's 10118
    /// (HTTP 200) naming the field, like any other invalid field; but consent is never guessed from a value that is not
    /// a JSON boolean: <c>terms_accepted</c> of another type is a malformed request, HTTP 400 naming it (docs/CONTRACT.md).
    /// </summary>
    public const string TermsAcceptedField = "terms_accepted";

    public static IActionResult FromInvalidModelState(ActionContext context)
    {
        var wrongType = context.ModelState
            .Where(e => e.Key.StartsWith("$.", StringComparison.Ordinal)
                && e.Value!.Errors.Any(x => x.ErrorMessage.Contains("could not be converted", StringComparison.Ordinal)))
            .Select(e => e.Key[2..].Split('.', '[')[0])
            .FirstOrDefault();
        if (wrongType == TermsAcceptedField)
            return new BadRequestObjectResult(Envelope(400, TermsAcceptedField + ": must be true or false (a JSON boolean)."));
        return wrongType is not null
            ? new OkObjectResult(Envelope(ApiCodes.InvalidField, $"Field '{wrongType}' has the wrong type."))
            : new BadRequestObjectResult(Envelope(400, "The request body must be a JSON object (Content-Type: application/json)."));
    }
}
