using MailKit.Net.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Dashop.Web.Infrastructure.Health;

namespace Dashop.Web.Features.Activation;

/// <summary>The SMTP server greets us: connect (and TLS as configured), EHLO, QUIT. No login, no mail.</summary>
public sealed class SmtpHealthCheck(IOptions<EmailOptions> email, IOptions<SmtpOptions> smtp, IHostEnvironment environment) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (email.Value.Provider == EmailProvider.DevInbox)
            return CheckResults.DevInbox(context, environment, "dev inbox (.eml files, /dev/inbox)");

        var options = smtp.Value;
        if (string.IsNullOrWhiteSpace(options.Host))
            return CheckResults.Failed(context, "SMTP: Smtp:Host is not set");

        var where = $"SMTP {options.Host}:{options.Port} ({options.Security})";
        using var client = new SmtpClient { Timeout = (int)Math.Min(options.TimeoutSeconds * 1000, CheckResults.Timeout.TotalMilliseconds) };
        try
        {
            // MailKit sends EHLO (and STARTTLS when asked) as part of connecting.
            await client.ConnectAsync(options.Host, options.Port, SmtpEmailSender.SocketOptions(options.Security), cancellationToken);
            var authentication = client.AuthenticationMechanisms.Count > 0 ? $", AUTH {string.Join(' ', client.AuthenticationMechanisms)}" : "";
            await client.DisconnectAsync(quit: true, cancellationToken);
            return HealthCheckResult.Healthy($"{where}: EHLO accepted{authentication}");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return CheckResults.Failed(context, $"{where}: {CheckResults.Reason(ex)}", ex);
        }
    }
}
