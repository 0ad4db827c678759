using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Dashop.Web.Infrastructure.Health;

/// <summary>How the checks word their answers. Descriptions name hosts and ports, never credentials.</summary>
public static class CheckResults
{
    /// <summary>Upper bound for one network probe of a remote provider.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static HealthCheckResult Failed(HealthCheckContext context, string description, Exception? exception = null) =>
        new(context.Registration.FailureStatus, description, exception);

    /// <summary>The failed probe's exception in a few words: its type and the innermost message (sockets, DNS, TLS).</summary>
    public static string Reason(Exception? exception)
    {
        if (exception is null)
            return "failed";
        var message = exception.GetBaseException().Message.ReplaceLineEndings(" ");
        if (message.Length > 160)
            message = message[..160] + "…";
        return $"{exception.GetType().Name}: {message}";
    }

    /// <summary>
    /// The dev inbox keeps messages in this process for /dev/inbox, which exists only in Development:
    /// anywhere else nothing would ever reach a person.
    /// </summary>
    public static HealthCheckResult DevInbox(HealthCheckContext context, IHostEnvironment environment, string what) =>
        environment.IsDevelopment()
            ? HealthCheckResult.Healthy(what)
            : Failed(context, $"{what} outside Development: nothing is delivered");

    /// <summary>The mode the process uses for <paramref name="concern"/> (spec §1), as logged at start.</summary>
    public static string? Mode(this RunMode mode, string concern) =>
        mode.Concerns.FirstOrDefault(c => c.Name == concern)?.Mode;
}
