using Microsoft.AspNetCore.Diagnostics;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>A body that is too large or cannot be read is the client's fault: 400 with a clear message, never a 500.</summary>
internal sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || context.Response.HasStarted)
            return false;
        var message = bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            ? "The request body is too large."
            : "The request could not be read.";
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (context.Request.Path.StartsWithSegments("/v1"))
            await context.Response.WriteAsJsonAsync(Features.Api.ApiResponses.Envelope(400, message), cancellationToken);
        else
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(message, cancellationToken);
        }
        return true;
    }
}
