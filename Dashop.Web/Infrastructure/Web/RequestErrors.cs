using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>Answers a plumbing failure through the feature that owns the path, or as a page would.</summary>
public static class RequestErrors
{
    public static IRequestErrorWriter? WriterFor(HttpContext context)
    {
        // The exception handler moves the request to the error page's path; the feature keeps the original.
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } original ? new PathString(original) : context.Request.Path;
        return context.RequestServices.GetServices<IRequestErrorWriter>().FirstOrDefault(w => w.Handles(path));
    }

    /// <summary><paramref name="message"/> is an English resource key; it is localised here.</summary>
    public static async Task WriteAsync(HttpContext context, RequestErrorKind kind, string message, CancellationToken cancellationToken)
    {
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()[message];
        if (WriterFor(context) is { } writer)
        {
            await writer.WriteAsync(context, kind, text, cancellationToken);
            return;
        }
        context.Response.StatusCode = kind switch
        {
            RequestErrorKind.BadRequest => StatusCodes.Status400BadRequest,
            RequestErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status500InternalServerError,
        };
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(text, cancellationToken);
    }
}
