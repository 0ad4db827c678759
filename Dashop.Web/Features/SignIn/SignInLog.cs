using System.Data.Common;
using Dashop.Web.Infrastructure.Data;
using Dashop.Web.Infrastructure.Results;
using Dashop.Web.Infrastructure.Telemetry;
using Dashop.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Dashop.Web.Features.SignIn;

/// <summary>
/// Every attempt to sign in, by any method: a <see cref="SignInRecord"/> row (the admin page's chart of failed sign-ins,
/// kept <c>Retention:Days</c>) and the <c>dashop.signins</c> metric. A record that cannot be written is logged and
/// never turns a sign-in into an error.
/// </summary>
public sealed partial class SignInLog(
    DashopDbContext db,
    IHttpContextAccessor http,
    DashopMetrics metrics,
    TimeProvider time,
    ILogger<SignInLog> logger)
{
    /// <summary>A password attempt: <paramref name="failure"/> is null when it signed in.</summary>
    public Task RecordAsync(SignInMethod method, Failure? failure, string? userId, CancellationToken cancellationToken) =>
        RecordAsync(method, failure switch
        {
            null => SignInOutcome.Succeeded,
            Failure.LockedOut => SignInOutcome.LockedOut,
            Failure.Busy or Failure.Unavailable => SignInOutcome.Refused,
            _ => SignInOutcome.WrongPassword,
        }, userId, cancellationToken);

    public async Task RecordAsync(SignInMethod method, SignInOutcome outcome, string? userId, CancellationToken cancellationToken)
    {
        metrics.SignIn(Tag(method.ToString()), Tag(outcome.ToString()));
        LogSignIn(logger, method, outcome, userId);
        db.Set<SignInRecord>().Add(new SignInRecord
        {
            UserId = userId,
            Method = method,
            Result = outcome,
            Ip = http.HttpContext?.ClientIp() ?? "unknown",
            AtUtc = time.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or DbException)
        {
            db.ChangeTracker.Clear();
            LogNotRecorded(logger, ex.GetType().Name);
        }
    }

    /// <summary>An account was locked out after repeated failed passwords.</summary>
    public void AccountLockedOut() => metrics.LockedOut();

    /// <summary>"WrongPassword" → "wrong_password", as Prometheus labels are usually written.</summary>
    private static string Tag(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in by {Method}: {Outcome} (user {UserId})")]
    private static partial void LogSignIn(ILogger logger, SignInMethod method, SignInOutcome outcome, string? userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A sign-in could not be recorded ({Error})")]
    private static partial void LogNotRecorded(ILogger logger, string error);
}
