using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Dashop.Web.Features.Api;

/// <summary>
/// Refuses a /v1 body before anything reads it: declared larger than <see cref="ApiLimits.MaxBodyBytes"/> (Kestrel's
/// limit only trips while reading), or not JSON (a form reader, say, must never see it). HTTP 400 in the envelope.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class JsonBodyAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method) && !HttpMethods.IsPatch(request.Method))
            return;
        if (Refusal(request) is { } message)
            context.Result = new BadRequestObjectResult(ApiResponses.Envelope(400, message));
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }

    private static string? Refusal(HttpRequest request)
    {
        if (request.ContentLength > ApiLimits.MaxBodyBytes)
            return "The request body is too large.";
        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return "The request body must be a JSON object (Content-Type: application/json).";
        return null;
    }
}
