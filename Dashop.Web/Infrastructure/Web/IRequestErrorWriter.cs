namespace Dashop.Web.Infrastructure.Web;

/// <summary>
/// A feature that answers plumbing failures on its own paths in its own format (the /v1 JSON envelope, say). Where no
/// writer claims a request, pages get a status code and a plain or HTML answer.
/// </summary>
public interface IRequestErrorWriter
{
    /// <summary>True for the paths this feature answers (the request's original path, also inside the exception handler).</summary>
    bool Handles(PathString path);

    Task WriteAsync(HttpContext context, RequestErrorKind kind, string message, CancellationToken cancellationToken);
}
