using System.Text;
using Microsoft.AspNetCore.Diagnostics;

namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// A body that is too large, cut off, or not in the charset it claims is the client's fault: 400 with a clear message,
/// never a 500. Other failures on a path whose feature writes its own errors get that feature's answer; the rest fall
/// through to the HTML error page.
/// </summary>
internal sealed partial class UnreadableRequestHandler(ILogger<UnreadableRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
            return false;
        if (Unreadable(exception) is { } message)
        {
            LogUnreadable(logger, context.Request.Path, exception.GetType().Name);
            await RequestErrors.WriteAsync(context, RequestErrorKind.BadRequest, message, cancellationToken);
            return true;
        }
        if (RequestErrors.WriterFor(context) is null)
            return false;
        await RequestErrors.WriteAsync(context, RequestErrorKind.Unexpected, "Something went wrong on our side; please try again.", cancellationToken);
        return true;
    }

    private static string? Unreadable(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => "The request body is too large.",
        BadHttpRequestException or DecoderFallbackException or InvalidDataException => "The request could not be read.",
        _ when exception.InnerException is { } inner => Unreadable(inner),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Unreadable request to {Path} answered 400 ({Error})")]
    private static partial void LogUnreadable(ILogger logger, PathString path, string error);
}
