using System.Net.Sockets;
using Dashop.Web.Infrastructure.Data;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Dashop.Web.Features.Deliveries;

namespace Dashop.Web.Features.Activation;

/// <summary>Sends through the configured SMTP server with MailKit. 4xx and network trouble are transient; 5xx are final.</summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> options) : IEmailSender
{
    public string Name => "SMTP";

    public static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };

    public async Task<SendResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, SocketOptions(o.Security), cancellationToken);
            if (!string.IsNullOrEmpty(o.Username))
                await client.AuthenticateAsync(o.Username, o.Password, cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return SendResult.Sent();
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            var failure = ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted ? DeliveryFailure.Recipient : DeliveryFailure.Configuration;
            return new SendResult(SendOutcome.Failed, ErrorCode: $"SMTP {(int)ex.StatusCode}", Error: ex.Message, Failure: failure);
        }
        catch (SmtpCommandException ex)
        {
            return new SendResult(SendOutcome.Transient, ErrorCode: $"SMTP {(int)ex.StatusCode}", Error: ex.Message);
        }
        catch (AuthenticationException ex)
        {
            return new SendResult(SendOutcome.Failed, ErrorCode: "auth", Error: ex.Message, Failure: DeliveryFailure.Configuration);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or TimeoutException or ServiceNotConnectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new SendResult(SendOutcome.Transient, ErrorCode: "connection", Error: ex.GetType().Name);
        }
    }
}
