using Dashop.Web.Infrastructure.Web;

namespace Dashop.Web.Features.Api;

/// <summary>
/// Plumbing failures on /v1 in the seed's envelope, so that the front end shows the message: a rate limit is HTTP 200 with
/// 10116 like every other refusal; an unreadable body is HTTP 400; a failure on our side HTTP 500, still JSON.
/// </summary>
internal sealed class ApiErrorWriter : IRequestErrorWriter
{
    public bool Handles(PathString path) => path.StartsWithSegments(ApiExtensions.PathPrefix);

    public Task WriteAsync(HttpContext context, RequestErrorKind kind, string message, CancellationToken cancellationToken)
    {
        var (status, code) = kind switch
        {
            RequestErrorKind.TooManyRequests => (StatusCodes.Status200OK, ApiCodes.RateLimited),
            RequestErrorKind.BadRequest => (StatusCodes.Status400BadRequest, 400),
            _ => (StatusCodes.Status500InternalServerError, 500),
        };
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(ApiResponses.Envelope(code, message), cancellationToken);
    }
}
